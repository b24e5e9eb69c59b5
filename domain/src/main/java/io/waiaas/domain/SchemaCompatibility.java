package io.waiaas.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Decide what a build may do with a database, before any migration runs (CMPT-01/02/03, CMPT-B1).
 *
 * <p>One pure decision shared by daemon start, {@code db status}, {@code db migrate} and the upgrade's migrate step.
 */
public sealed interface SchemaCompatibility {

    /** The database is new or empty: create it at {@code latest}. */
    record Fresh(SchemaVersion latest) implements SchemaCompatibility {
        public Fresh {
            Objects.requireNonNull(latest, "latest");
        }
    }

    /** The database is at the newest schema this build knows. */
    record UpToDate(SchemaVersion version) implements SchemaCompatibility {
        public UpToDate {
            Objects.requireNonNull(version, "version");
        }
    }

    /** The database is behind but migratable: back up, then migrate {@code from} → {@code to}. */
    record MigrationRequired(SchemaVersion from, SchemaVersion to) implements SchemaCompatibility {
        public MigrationRequired {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** The database was written by a newer build: refuse, the operator must upgrade. */
    record DatabaseAhead(SchemaVersion database, SchemaVersion latest) implements SchemaCompatibility {
        public DatabaseAhead {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(latest, "latest");
        }
    }

    /** The database is older than this build can migrate from: refuse, an intermediate release is needed. */
    record DatabaseTooOld(SchemaVersion database, SchemaVersion minCompatible) implements SchemaCompatibility {
        public DatabaseTooOld {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(minCompatible, "minCompatible");
        }
    }

    /**
     * Decide the compatibility of a database at {@code database} (empty when it has no schema yet) with a build
     * that knows schemas {@code minCompatible} through {@code latest}.
     */
    static SchemaCompatibility decide(
            Optional<SchemaVersion> database, SchemaVersion minCompatible, SchemaVersion latest) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(minCompatible, "minCompatible");
        Objects.requireNonNull(latest, "latest");
        if (latest.isBefore(minCompatible)) {
            throw new IllegalArgumentException("minCompatible " + minCompatible + " is above latest " + latest);
        }
        if (database.isEmpty()) {
            return new Fresh(latest);
        }
        SchemaVersion db = database.get();
        if (latest.isBefore(db)) {
            return new DatabaseAhead(db, latest);
        }
        if (db.isBefore(minCompatible)) {
            return new DatabaseTooOld(db, minCompatible);
        }
        if (db.equals(latest)) {
            return new UpToDate(db);
        }
        return new MigrationRequired(db, latest);
    }

    /** Tell whether the daemon may run against the database once this decision is carried out. */
    default boolean allowsStart() {
        return switch (this) {
            case Fresh f -> true;
            case UpToDate u -> true;
            case MigrationRequired m -> true;
            case DatabaseAhead a -> false;
            case DatabaseTooOld o -> false;
        };
    }
}
