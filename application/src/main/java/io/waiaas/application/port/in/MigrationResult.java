package io.waiaas.application.port.in;

import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * Tell what the schema gate did to the database: created it, left it, or migrated it after a backup.
 *
 * @param decision the decision that was carried out: {@link SchemaCompatibility.Fresh},
 *     {@link SchemaCompatibility.UpToDate} or {@link SchemaCompatibility.MigrationRequired}
 * @param schema the schema the database is at now
 * @param backup the {@code pre-migration} backup taken first, present exactly when a migration ran on existing data
 */
public record MigrationResult(SchemaCompatibility decision, SchemaVersion schema, Optional<BackupManifest> backup) {

    public MigrationResult {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(backup, "backup");
        if (!decision.allowsStart()) {
            throw new IllegalArgumentException("a refused decision is not a migration result: " + decision);
        }
    }
}
