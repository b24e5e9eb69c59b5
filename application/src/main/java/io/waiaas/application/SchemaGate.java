package io.waiaas.application;

import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
import java.util.Objects;

/** Apply the schema compatibility decision (SPEC §8): migrate what may be migrated, refuse the rest. */
public final class SchemaGate {
    private final SchemaHistory history;
    private final SchemaMigrator migrator;

    public SchemaGate(SchemaHistory history, SchemaMigrator migrator) {
        this.history = Objects.requireNonNull(history, "history");
        this.migrator = Objects.requireNonNull(migrator, "migrator");
    }

    /** Decide, without writing anything, what this build may do with the database. */
    public SchemaCompatibility decide() {
        return SchemaCompatibility.decide(history.current(), migrator.minCompatible(), migrator.latest());
    }

    /** Return the newest schema this build knows. */
    public SchemaVersion latest() {
        return migrator.latest();
    }

    /**
     * Bring the database to this build's schema, or refuse (exit 5) without writing anything.
     *
     * @return the decision that was carried out
     */
    public SchemaCompatibility prepareForStart() {
        SchemaCompatibility decision = decide();
        switch (decision) {
            case SchemaCompatibility.Fresh fresh -> migrator.migrate();
            case SchemaCompatibility.UpToDate upToDate -> { }
            case SchemaCompatibility.MigrationRequired required -> migrator.migrate();
            case SchemaCompatibility.DatabaseAhead ahead -> throw ApplicationException.refused(
                    "database schema " + ahead.database() + " is newer than this build's schema " + ahead.latest()
                            + "; run: waiaas upgrade");
            case SchemaCompatibility.DatabaseTooOld old -> throw ApplicationException.refused(
                    "database schema " + old.database() + " is older than the oldest this build can migrate ("
                            + old.minCompatible() + "); first install a release that migrates schema "
                            + old.database() + ", start it once, then run: waiaas upgrade");
        }
        return decision;
    }
}
