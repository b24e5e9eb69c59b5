package io.waiaas.application.port.in;

import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * Describe the database's schema against this build's, as {@code waiaas db status} shows it (CMPT-B1).
 *
 * @param database the schema the database is at, empty when it is new or empty
 * @param latest the newest schema this build's migrations reach
 * @param minCompatible the oldest schema this build can migrate from
 * @param decision what this build may do with the database; the one decision start and {@code db migrate} use
 */
public record SchemaReport(
        Optional<SchemaVersion> database,
        SchemaVersion latest,
        SchemaVersion minCompatible,
        SchemaCompatibility decision) {

    public SchemaReport {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(minCompatible, "minCompatible");
        Objects.requireNonNull(decision, "decision");
    }
}
