package io.waiaas.application.upgrade;

import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.ReleaseChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * Hold what the upgrade needs from the configuration and the environment.
 *
 * @param channel the package and dist-tag followed
 * @param backups how many pre-upgrade backups to keep
 * @param daemonPort where the daemon answers {@code /health}
 * @param healthTimeout how long a restarted daemon may take to answer before the upgrade is rolled back
 * @param stepTimeout how long one command of the new version (migrate, verify) may take
 * @param inContainer whether this runs inside the container image, whose code is replaced as a whole (DOCK-B2)
 */
public record UpgradeSettings(
        ReleaseChannel channel,
        BackupPolicy backups,
        int daemonPort,
        Duration healthTimeout,
        Duration stepTimeout,
        boolean inContainer) {
    public UpgradeSettings {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(healthTimeout, "healthTimeout");
        Objects.requireNonNull(stepTimeout, "stepTimeout");
    }
}
