package io.waiaas.bootstrap;

import io.waiaas.domain.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Tell which version of waiaas this build is, from the properties Maven wrote into the module. */
final class BuildInfo {
    private BuildInfo() {}

    /** Return this build's version. */
    static Version version() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from io.waiaas.bootstrap");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Version.parse(properties.getProperty("version"));
    }
}
