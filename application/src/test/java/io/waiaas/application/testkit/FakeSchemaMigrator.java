package io.waiaas.application.testkit;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Migrate an {@link InMemorySchemaHistory}; the verified fake of {@link SchemaMigrator}. */
public final class FakeSchemaMigrator implements SchemaMigrator {
    private final InMemorySchemaHistory history;
    private final SchemaVersion minCompatible;
    private final SchemaVersion latest;
    private final AtomicInteger migrations = new AtomicInteger();
    private Set<Integer> irreversible = Set.of(1);

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

    @Override
    public synchronized SchemaDowngrade planDowngrade(SchemaVersion target) {
        SchemaVersion from = history.current()
                .orElseThrow(() -> ApplicationException.refused("there is no database to migrate down"));
        if (from.isBefore(target)) {
            throw ApplicationException.refused("the database is at schema " + from + ", below " + target);
        }
        for (int version = from.value(); version > target.value(); version--) {
            if (version > latest.value()) {
                return SchemaDowngrade.blocked(from, target, "schema " + version + " was written by a newer release");
            }
            if (irreversible.contains(version)) {
                return SchemaDowngrade.blocked(from, target, "migration " + version + " is irreversible");
            }
        }
        return SchemaDowngrade.possible(from, target, List.of());
    }

    @Override
    public synchronized SchemaDowngrade downgrade(SchemaVersion target) {
        SchemaDowngrade plan = planDowngrade(target);
        plan.blocker().ifPresent(why -> {
            throw ApplicationException.refused("cannot migrate down: " + why + "; nothing was changed");
        });
        history.moveTo(target);
        return plan;
    }

    /** Declare migrations {@code versions} irreversible (migration 1 is, as in the build, unless told otherwise). */
    public synchronized FakeSchemaMigrator irreversible(Integer... versions) {
        irreversible = Set.of(versions);
        return this;
    }

    /** Return how many times {@link #migrate()} ran against a database it could migrate. */
    public int migrations() {
        return migrations.get();
    }
}
