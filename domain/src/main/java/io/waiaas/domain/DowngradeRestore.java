package io.waiaas.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Choose the backup an older build may put back when it finds the database migrated by a newer one, if the operator
 * allowed it ({@code [daemon] restore_on_downgrade}, DOCK-B3): what a pinned older container image, a Kubernetes
 * rollback or a reverted deployment needs to serve again.
 *
 * <p>Only the newest {@code pre-migration} backup qualifies, and only when it holds a schema this build runs: it is
 * the database as it was right before the newer build migrated it, so nothing older than that migration is put back.
 * An older {@code pre-migration} backup would throw away more, and a newer backup of any other kind holds the newer
 * schema; in both cases the build refuses, as it does without the setting.
 */
public final class DowngradeRestore {
    private DowngradeRestore() {}

    /**
     * Return the backup to restore for a build that runs schemas {@code minCompatible} through {@code latest}, or
     * empty when none qualifies.
     *
     * @param backups every complete backup, in any order
     */
    public static Optional<BackupManifest> choose(
            List<BackupManifest> backups, SchemaVersion minCompatible, SchemaVersion latest) {
        Objects.requireNonNull(minCompatible, "minCompatible");
        Objects.requireNonNull(latest, "latest");
        return backups.stream()
                .filter(b -> b.reason() == BackupReason.PRE_MIGRATION)
                .min(BackupManifest.NEWEST_FIRST)
                .filter(b -> b.schemaVersion()
                        .filter(s -> !s.isBefore(minCompatible) && !latest.isBefore(s))
                        .isPresent());
    }
}
