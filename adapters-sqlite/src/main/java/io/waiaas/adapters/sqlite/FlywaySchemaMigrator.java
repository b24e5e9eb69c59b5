package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import java.util.List;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.pattern.ValidatePattern;

/** Migrate the database with Flyway, using the migrations {@link Migrations} lists. */
final class FlywaySchemaMigrator implements SchemaMigrator {
    private final SqliteDatabase database;
    private final SqliteSchemaHistory history;
    private final DownMigrations down;

    FlywaySchemaMigrator(SqliteDatabase database, SqliteSchemaHistory history) {
        this.database = Objects.requireNonNull(database, "database");
        this.history = Objects.requireNonNull(history, "history");
        this.down = new DownMigrations(database, history, Migrations.downScripts());
    }

    @Override
    public SchemaVersion latest() {
        return Migrations.LATEST;
    }

    @Override
    public SchemaVersion minCompatible() {
        return Migrations.MIN_COMPATIBLE;
    }

    @Override
    public SchemaVersion migrate() {
        return migrateTo(Migrations.LATEST);
    }

    @Override
    public SchemaDowngrade planDowngrade(SchemaVersion target) {
        return down.plan(target);
    }

    @Override
    public SchemaDowngrade downgrade(SchemaVersion target) {
        return down.apply(target);
    }

    /** Check the applied migrations against this build's, as Flyway does before it migrates; throws when they differ. */
    void validate() {
        database.call("validate", () -> {
            flyway(Migrations.LATEST).validate();
            return null;
        });
    }

    /** Migrate up to {@code target} (tests build older databases with it) and return the version reached. */
    SchemaVersion migrateTo(SchemaVersion target) {
        // The application's SchemaGate decides first; this guard keeps Flyway away from a newer database even
        // when a caller skips the gate.
        history.current().filter(Migrations.LATEST::isBefore).ifPresent(ahead -> {
            throw SqliteStorageException.refused("database " + database.file() + " is at schema " + ahead
                    + ", newer than this build's schema " + Migrations.LATEST + "; run: waiaas upgrade");
        });
        database.call("migrate", () -> flyway(target).migrate());
        return history.current()
                .orElseThrow(() ->
                        SqliteStorageException.failed("migrating " + database.file() + " left no schema version"));
    }

    /** Configure Flyway for this database; never against a newer one, never cleaning, never scanning. */
    Flyway flyway(SchemaVersion target) {
        return Flyway.configure(FlywaySchemaMigrator.class.getClassLoader())
                .dataSource(database.dataSource())
                .resourceProvider(new Migrations())
                .javaMigrationClassProvider(List::of)
                .skipDefaultCallbacks(true)
                // No ignore patterns: an applied migration this build does not know (a future one) fails
                // validation instead of being skipped silently.
                .ignoreMigrationPatterns(new ValidatePattern[0])
                .validateOnMigrate(true)
                .validateMigrationNaming(true)
                .outOfOrder(false)
                .baselineOnMigrate(false)
                .cleanDisabled(true)
                .target(MigrationVersion.fromVersion(target.toString()))
                .load();
    }
}
