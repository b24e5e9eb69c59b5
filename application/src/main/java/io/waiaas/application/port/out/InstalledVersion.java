package io.waiaas.application.port.out;

import io.waiaas.domain.Version;
import java.util.Objects;

/**
 * Locate one installed version of waiaas, so that it can be run (to migrate, verify or start it).
 *
 * @param version the installed version
 * @param home the absolute path of its root, which holds its {@code package.json} and runtime image
 * @param launcher the absolute path of its {@code bin/waiaas}
 */
public record InstalledVersion(Version version, String home, String launcher) {

    public InstalledVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(launcher, "launcher");
    }
}
