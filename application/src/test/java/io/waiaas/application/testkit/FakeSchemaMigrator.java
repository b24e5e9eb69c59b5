package io.waiaas.application.testkit;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.domain.SchemaVersion;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/** Migrate an {@link InMemorySchemaHistory}; the verified fake of {@link SchemaMigrator}. */
public final class FakeSchemaMigrator implements SchemaMigrator {
    private final InMemorySchemaHistory history;
    private final SchemaVersion minCompatible;
    private final SchemaVersion latest;
    private final AtomicInteger migrations = new AtomicInteger();

    public FakeSchemaMigrator(InMemorySchemaHistory history, SchemaVersion minCompatible, SchemaVersion latest) {
        this.history = Objects.requireNonNull(history, "history");
        this.minCompatible = Objects.requireNonNull(minCompatible, "minCompatible");
        this.latest = Objects.requireNonNull(latest, "latest");
        if (latest.isBefore(minCompatible)) {
            throw new IllegalArgumentException("latest " + latest + " is below minCompatible " + minCompatible);
        }
    }

    @Override
    public SchemaVersion latest() {
        return latest;
    }

    @Override
    public SchemaVersion minCompatible() {
        return minCompatible;
    }

    @Override
    public SchemaVersion migrate() {
        history.current().filter(latest::isBefore).ifPresent(ahead -> {
            throw ApplicationException.refused("database schema " + ahead + " is newer than " + latest);
        });
        migrations.incrementAndGet();
        history.moveTo(latest);
        return latest;
    }

    /** Return how many times {@link #migrate()} ran against a database it could migrate. */
    public int migrations() {
        return migrations.get();
    }
}
