package io.waiaas.adapters.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.out.OperatorLog;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.application.schema.SchemaGate;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's schema gate over the real SQLite adapters: real files, real Flyway, real backups (CMPT-01/02/03).
 *
 * <p>This build's oldest compatible schema is 1, the first there is, so no real database can be below it; the
 * CMPT-03 case runs this build's real migrations behind a migrator that declares a higher floor, as a future build
 * that dropped schema 1 would.
 */
class SchemaGateOverSqliteIT {
    private static final Version BUILD = Version.parse("1.10.0");

    @TempDir
    Path dataDir;

    private final List<String> logged = new ArrayList<>();
    private final OperatorLog log = new OperatorLog() {
        @Override
        public void info(String message) {
            logged.add(message);
        }

        @Override
        public void warn(String message) {
            logged.add(message);
        }
    };

    private Path databaseFile() {
        return dataDir.resolve("data").resolve("waiaas.db");
    }

    private SchemaGate gate(SqliteStorage storage, SchemaMigrator migrator) {
        return new SchemaGate(
                storage.schemaHistory(),
                migrator,
                storage.backupStore(dataDir),
                BackupPolicy.keepNewest(5),
                BUILD,
                log);
    }

    /** This build's real migrator, declaring {@code floor} as the oldest schema it migrates from. */
    private static SchemaMigrator withFloor(SchemaMigrator real, SchemaVersion floor) {
        return new SchemaMigrator() {
            @Override
            public SchemaVersion latest() {
                return real.latest();
            }

            @Override
            public SchemaVersion minCompatible() {
                return floor;
            }

            @Override
            public SchemaVersion migrate() {
                return real.migrate();
            }

            @Override
            public SchemaDowngrade planDowngrade(SchemaVersion target) {
                return real.planDowngrade(target);
            }

            @Override
            public SchemaDowngrade downgrade(SchemaVersion target) {
                return real.downgrade(target);
            }
        };
    }

    @Test
    void backsUpARealDatabaseAtSchemaOneBeforeMigratingItToTheLatest() {
        try (SqliteStorage storage = TestDatabases.at(dataDir, SchemaVersion.of(1))) {
            storage.keyValueStore().putAll(Map.of("k", "kept"));
            MigrationResult result = gate(storage, storage.schemaMigrator()).apply();

            BackupManifest backup = result.backup().orElseThrow();
            assertEquals(BackupReason.PRE_MIGRATION, backup.reason());
            assertEquals(Optional.of(SchemaVersion.of(1)), backup.schemaVersion(), "taken before the migration");
            assertEquals(Migrations.LATEST, result.schema());
            assertEquals(Optional.of(Migrations.LATEST), storage.schemaHistory().current());
            assertEquals(Optional.of("kept"), storage.keyValueStore().get("k"));
            assertTrue(Files.isRegularFile(
                    dataDir.resolve("backups").resolve(backup.id().value()).resolve("waiaas.db")));
            assertEquals(
                    List.of("migrated database from schema 1 to " + Migrations.LATEST + " (backup: " + backup.id()
                            + ")"),
                    logged);
        }
    }

    @Test
    void refusesARealDatabaseBelowTheOldestCompatibleSchemaLeavingEveryByte() throws IOException {
        try (SqliteStorage storage = TestDatabases.at(dataDir, SchemaVersion.of(1))) {
            storage.keyValueStore().putAll(Map.of("k", "v"));
        }
        byte[] before = Files.readAllBytes(databaseFile());
        try (SqliteStorage storage = SqliteStorage.open(databaseFile(), TestDatabases.CLOCK)) {
            SchemaGate gate = gate(storage, withFloor(storage.schemaMigrator(), SchemaVersion.of(2)));

            WaiaasException e = assertThrows(WaiaasException.class, gate::apply);

            assertEquals(ErrorCode.REFUSED, e.code());
            assertTrue(
                    e.getMessage()
                            .startsWith(
                                    "the database is at schema 1, older than schema 2, the oldest this"
                                            + " build (waiaas 1.10.0) migrates from; it was left untouched. Step by step: 1. install"),
                    e.getMessage());
            assertEquals(
                    Optional.of(SchemaVersion.of(1)), storage.schemaHistory().current());
        }
        assertArrayEquals(before, Files.readAllBytes(databaseFile()));
        assertFalse(Files.exists(dataDir.resolve("backups")), "no backup was taken");
        assertEquals(List.of(), logged);
    }

    @Test
    void refusesARealDatabaseAheadLeavingEveryByte() throws IOException {
        try (SqliteStorage storage = TestDatabases.at(dataDir, SchemaVersion.of(Migrations.LATEST.value() + 1))) {
            assertTrue(storage.schemaHistory().current().isPresent());
        }
        byte[] before = Files.readAllBytes(databaseFile());
        try (SqliteStorage storage = SqliteStorage.open(databaseFile(), TestDatabases.CLOCK)) {
            WaiaasException e = assertThrows(
                    WaiaasException.class,
                    () -> gate(storage, storage.schemaMigrator()).apply());
            assertEquals(ErrorCode.REFUSED, e.code());
            assertTrue(
                    e.getMessage()
                            .contains("schema " + (Migrations.LATEST.value() + 1) + ", newer than schema "
                                    + Migrations.LATEST),
                    e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(databaseFile()));
        assertFalse(Files.exists(dataDir.resolve("backups")));
    }
}
