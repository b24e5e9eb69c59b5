package io.waiaas.application.testkit;

import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.application.port.out.SchemaMigrator;
import java.util.Objects;

/**
 * Hold one database seen through both schema ports, as a contract test sets it up.
 *
 * @param history reads the database's schema version
 * @param migrator migrates the same database
 */
public record SchemaFixture(SchemaHistory history, SchemaMigrator migrator) {

    public SchemaFixture {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(migrator, "migrator");
    }
}
