package io.waiaas.application.schema;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.OperatorLog;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.DowngradeRestore;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.util.Optional;

/**
 * Put back the backup taken before a newer build migrated the database, for a gate {@link
 * SchemaGate#restoringOnDowngrade restoring on downgrade} (DOCK-B3); which backup is the domain's decision
 * ({@link DowngradeRestore}).
 */
final class DowngradeRestoration {
    private final BackupStore backups;
    private final SchemaMigrator migrator;
    private final Version version;
    private final OperatorLog log;

    DowngradeRestoration(BackupStore backups, SchemaMigrator migrator, Version version, OperatorLog log) {
        this.backups = backups;
        this.migrator = migrator;
        this.version = version;
        this.log = log;
    }

    /**
     * Put back the newest pre-migration backup at a schema this build runs, keeping the data it replaces, or refuse
     * (exit 5, with {@code refused} and the reason) without touching anything when there is none or it cannot be
     * restored.
     */
    void restore(SchemaCompatibility.DatabaseAhead ahead, String refused) {
        BackupManifest backup = choose(refused);
        Optional<BackupManifest> kept;
        try {
            kept = backups.restore(backup.id(), backup.appVersion());
        } catch (WaiaasException e) {
            throw new ApplicationException(
                    e.code(),
                    refused + "; restore_on_downgrade could not restore backup " + backup.id() + ": " + e.getMessage(),
                    e);
        }
        log.warn("the database was at schema " + ahead.database() + ", newer than schema " + ahead.latest()
                + " of this build (waiaas " + version + "): restored backup " + backup.id() + " (schema "
                + backup.schemaVersion().orElseThrow() + ", taken before waiaas " + backup.appVersion()
                + " migrated it; restore_on_downgrade = true); the data it replaced is kept in backup "
                + kept.map(k -> k.id().value()).orElse("(none: there was no data)"));
    }

    /**
     * Return the backup {@link #restore} would put back, reading only, or refuse (exit 5, with {@code refused} and
     * the reason) when there is none: what a daemon asks before it binds its port.
     */
    BackupManifest choose(String refused) {
        try {
            return DowngradeRestore.choose(backups.list(), migrator.minCompatible(), migrator.latest())
                    .orElseThrow(() -> ApplicationException.refused(refused + "; restore_on_downgrade found no"
                            + " pre-migration backup at a schema this build runs (" + migrator.minCompatible() + " to "
                            + migrator.latest() + ") as the newest pre-migration backup"));
        } catch (ApplicationException e) {
            throw e;
        } catch (WaiaasException e) {
            throw new ApplicationException(
                    e.code(), refused + "; restore_on_downgrade cannot list the backups: " + e.getMessage(), e);
        }
    }
}
