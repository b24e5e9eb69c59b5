package io.waiaas.application.testkit;

import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.domain.SchemaVersion;
import java.util.Objects;
import java.util.Optional;

/** Hold a database's schema version in memory; the verified fake of {@link SchemaHistory}. */
public final class InMemorySchemaHistory implements SchemaHistory {
    private volatile Optional<SchemaVersion> current = Optional.empty();

    /** Create the history of a database that does not exist yet. */
    public InMemorySchemaHistory() {}

    /** Create the history of a database at {@code version}. */
    public InMemorySchemaHistory(SchemaVersion version) {
        moveTo(version);
    }

    @Override
    public Optional<SchemaVersion> current() {
        return current;
    }

    /** Make the database new and empty again, as restoring a backup of a database without a schema would. */
    public void forget() {
        current = Optional.empty();
    }

    /** Put the database at {@code version}, as a migration would. */
    public void moveTo(SchemaVersion version) {
        current = Optional.of(Objects.requireNonNull(version, "version"));
    }
}
