package io.waiaas.application.port.in;

import io.waiaas.domain.BackupId;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which way {@code waiaas upgrade --rollback} would go back, as {@code --rollback --dry-run} shows it (UPGR-B9).
 *
 * @param from the version it leaves
 * @param to the version it goes back to
 * @param backup the pre-upgrade backup it goes back to
 * @param downTo the schema the data would be migrated down to, keeping the writes made since; empty when the backup
 *     would be restored instead
 * @param rowsOnlyInBackup when the backup would be restored: per table, the rows written or changed since it that
 *     would then be only in the pre-rollback backup
 */
public record RollbackPlan(
        Version from, Version to, BackupId backup, Optional<SchemaVersion> downTo, Map<String, Long> rowsOnlyInBackup) {

    public RollbackPlan {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(downTo, "downTo");
        rowsOnlyInBackup = Map.copyOf(rowsOnlyInBackup);
    }

    /** Tell whether the rollback would keep the writes made since the upgrade by migrating the data down. */
    public boolean keepsWrites() {
        return downTo.isPresent();
    }
}
