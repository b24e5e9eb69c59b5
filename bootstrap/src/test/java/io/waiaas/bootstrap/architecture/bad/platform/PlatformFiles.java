package io.waiaas.bootstrap.architecture.bad.platform;

import io.waiaas.bootstrap.architecture.bad.domain.GoodValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixture: platform support on the JDK and the domain, used by an adapter. */
public final class PlatformFiles {
    private PlatformFiles() {}

    /** Fixture. */
    public static Path write(Path dir, GoodValue value) throws IOException {
        return Files.writeString(dir.resolve(value.name()), value.size().toString());
    }
}
