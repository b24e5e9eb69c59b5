package io.waiaas.adapters.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.AuditEvent;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageIT {
    @TempDir
    Path dir;

    private Path dbFile() {
        return dir.resolve("data").resolve("waiaas.db");
    }

    @Test
    void openingStorageTouchesNothingOnDisk() {
        try (SqliteStorage storage = SqliteStorage.open(dbFile(), TestDatabases.CLOCK)) {
            assertEquals(dbFile().toAbsolutePath(), storage.databaseFile());
            assertFalse(Files.exists(dir.resolve("data")));
        }
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void readingTheSchemaOfAMissingDatabaseCreatesNeitherFileNorDirectory() {
        try (SqliteStorage storage = SqliteStorage.open(dbFile(), TestDatabases.CLOCK)) {
            assertEquals(Optional.empty(), storage.schemaHistory().current());
        }
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void readingTheSchemaOfAnEmptyFileFindsNoVersionAndLeavesItEmpty() throws IOException {
        Files.createDirectories(dbFile().getParent());
        Files.createFile(dbFile());
        try (SqliteStorage storage = SqliteStorage.open(dbFile(), TestDatabases.CLOCK)) {
            assertEquals(Optional.empty(), storage.schemaHistory().current());
        }
        assertEquals(0, Files.size(dbFile()));
    }

    @Test
    void readingTheSchemaChangesNoByteOfTheDatabase() throws IOException {
        try (SqliteStorage storage = TestDatabases.migrated(dir)) {
            storage.keyValueStore().putAll(Map.of("a", "1"));
        }
        byte[] before = Files.readAllBytes(dbFile());
        try (SqliteStorage storage = SqliteStorage.open(dbFile(), TestDatabases.CLOCK)) {
            assertEquals(Optional.of(Migrations.LATEST), storage.schemaHistory().current());
        }
        assertArrayEquals(before, Files.readAllBytes(dbFile()));
    }

    @Test
    void readingTheSchemaLeavesNoWriteAheadLogFilesBehind() throws IOException {
        try (SqliteStorage storage = TestDatabases.migrated(dir)) {
            storage.keyValueStore().putAll(Map.of("a", "1"));
        }
        try (var files = Files.list(dbFile().getParent())) {
            assertEquals(
                    List.of("waiaas.db"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
        try (SqliteStorage storage = SqliteStorage.open(dbFile(), TestDatabases.CLOCK)) {
            assertEquals(Optional.of(Migrations.LATEST), storage.schemaHistory().current());
        }
        try (var files = Files.list(dbFile().getParent())) {
            assertEquals(
                    List.of("waiaas.db"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void createsTheMissingDataDirectoryForTheOwnerOnly() throws IOException {
        try (SqliteStorage storage = TestDatabases.migrated(dir)) {
            assertEquals(
                    "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dbFile().getParent())));
        }
    }

    @Test
    void runsInWalModeWithForeignKeysAndABusyTimeout() throws SQLException {
        try (SqliteStorage storage = TestDatabases.migrated(dir);
                Connection connection = storage.database().openWritable();
                Statement statement = connection.createStatement()) {
            assertEquals("wal", single(statement, "PRAGMA journal_mode"));
            assertEquals("1", single(statement, "PRAGMA foreign_keys"));
            assertEquals("5000", single(statement, "PRAGMA busy_timeout"));
        }
    }

    @Test
    void createsTheKeyValueTableExactlyAsSpecified() throws SQLException {
        try (SqliteStorage storage = TestDatabases.migrated(dir);
                Connection connection = storage.database().openWritable();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA table_info(key_value_store)")) {
            List<String> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString("name") + " " + rs.getString("type") + " notnull=" + rs.getInt("notnull")
                        + " pk=" + rs.getInt("pk"));
            }
            assertEquals(
                    List.of(
                            "key TEXT notnull=0 pk=1",
                            "value TEXT notnull=1 pk=0",
                            "updated_at INTEGER notnull=1 pk=0"),
                    columns);
        }
    }

    @Test
    void twoStoragesOnTheSameFileSeeEachOthersWrites() {
        try (SqliteStorage first = TestDatabases.migrated(dir);
                SqliteStorage second = SqliteStorage.open(dbFile(), TestDatabases.CLOCK)) {
            first.keyValueStore().putAll(Map.of("from", "first"));
            assertEquals(Optional.of("first"), second.keyValueStore().get("from"));
            second.keyValueStore().putAll(Map.of("from", "second"));
            assertEquals(Optional.of("second"), first.keyValueStore().get("from"));
            second.auditLog().record(new AuditEvent(Instant.parse("2026-11-26T06:00:00Z"), "T", "x"));
            assertEquals(1, first.auditLog().ofType("T").size());
        }
    }

    @Test
    void aSeparateReaderSeesCommittedDataStillInTheWriteAheadLog() throws SQLException, IOException {
        try (SqliteStorage storage = TestDatabases.migrated(dir);
                // An open connection keeps SQLite from checkpointing the log away when the writer's connection closes.
                Connection holder = storage.database().openWritable()) {
            storage.keyValueStore().putAll(Map.of("version_check_latest", "1.9.0"));
            Path wal = Path.of(dbFile() + "-wal");
            assertTrue(Files.size(wal) > 0, "the write sits in the WAL file");
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:file:" + dbFile() + "?mode=ro");
                    Statement statement = reader.createStatement()) {
                assertEquals(
                        "1.9.0",
                        single(statement, "SELECT value FROM key_value_store WHERE key = 'version_check_latest'"));
            }
            try (SqliteStorage other = SqliteStorage.open(dbFile(), TestDatabases.CLOCK)) {
                assertEquals(Optional.of("1.9.0"), other.keyValueStore().get("version_check_latest"));
                assertEquals(
                        Optional.of(Migrations.LATEST), other.schemaHistory().current());
            }
        }
    }

    @Test
    void stampsEveryStoredEntryWithTheClockInEpochSeconds() throws SQLException {
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-26T06:30:15.750Z"));
        try (SqliteStorage storage = SqliteStorage.open(dbFile(), clock)) {
            storage.schemaMigrator().migrate();
            storage.keyValueStore().putAll(Map.of("version_check_latest", "1.9.0", "version_check_checked_at", "1"));
            try (Connection connection = storage.database().openWritable();
                    Statement statement = connection.createStatement()) {
                assertEquals("1", single(statement, "SELECT count(DISTINCT updated_at) FROM key_value_store"));
                assertEquals(
                        Long.toString(Instant.parse("2026-11-26T06:30:15Z").getEpochSecond()),
                        single(statement, "SELECT max(updated_at) FROM key_value_store"));
            }
        }
    }

    @Test
    void storesAllEntriesOrNoneWhenOneOfThemFails() {
        try (SqliteStorage storage = TestDatabases.migrated(dir)) {
            TestDatabases.execute(
                    dbFile(),
                    "CREATE TRIGGER refuse_boom BEFORE INSERT ON key_value_store"
                            + " WHEN NEW.key = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
            Map<String, String> entries = new java.util.LinkedHashMap<>();
            entries.put("a", "1");
            entries.put("boom", "2");
            entries.put("z", "3");
            SqliteStorageException e = assertThrows(
                    SqliteStorageException.class, () -> storage.keyValueStore().putAll(entries));
            assertTrue(e.getMessage().contains("boom refused"), e.getMessage());
            assertEquals(Optional.empty(), storage.keyValueStore().get("a"));
            assertEquals(Optional.empty(), storage.keyValueStore().get("z"));
        }
    }

    @Test
    void aLockedDatabaseFailsWithOneLineNamingTheFile() throws SQLException {
        try (SqliteStorage migrated = TestDatabases.migrated(dir)) {
            migrated.keyValueStore().putAll(Map.of("a", "1"));
        }
        try (SqliteStorage storage = SqliteStorage.open(dbFile(), TestDatabases.CLOCK, Duration.ofMillis(100));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + dbFile());
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("UPDATE key_value_store SET value = 'locked'");
            SqliteStorageException e = assertThrows(
                    SqliteStorageException.class, () -> storage.keyValueStore().putAll(Map.of("a", "2")));
            assertOneLineNaming(e);
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
            assertEquals(ErrorCode.FAILED, e.code());
            statement.execute("ROLLBACK");
        }
    }

    @Test
    void aFileThatIsNotADatabaseFailsWithOneLineNamingTheFile() throws IOException {
        Files.createDirectories(dbFile().getParent());
        Files.writeString(dbFile(), "not a database\n".repeat(200), StandardCharsets.UTF_8);
        try (SqliteStorage storage = SqliteStorage.open(dbFile(), TestDatabases.CLOCK)) {
            SqliteStorageException history = assertThrows(
                    SqliteStorageException.class, () -> storage.schemaHistory().current());
            assertOneLineNaming(history);
            assertTrue(history.getMessage().contains("not a SQLite database"), history.getMessage());
            SqliteStorageException read = assertThrows(
                    SqliteStorageException.class, () -> storage.keyValueStore().get("a"));
            assertOneLineNaming(read);
        }
    }

    @Test
    void aCorruptDatabaseFailsWithOneLineNamingTheFile() throws IOException {
        try (SqliteStorage storage = TestDatabases.migrated(dir)) {
            storage.keyValueStore().putAll(Map.of("a", "1"));
        }
        byte[] bytes = Files.readAllBytes(dbFile());
        for (int i = 100; i < bytes.length; i++) {
            bytes[i] = (byte) 0xA5;
        }
        Files.write(dbFile(), bytes);
        try (SqliteStorage storage = SqliteStorage.open(dbFile(), TestDatabases.CLOCK)) {
            SqliteStorageException e = assertThrows(
                    SqliteStorageException.class, () -> storage.keyValueStore().get("a"));
            assertOneLineNaming(e);
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        }
    }

    @Test
    void refusesToMigrateADatabaseAheadOfThisBuildNamingBothVersions() {
        SchemaVersion ahead = SchemaVersion.of(Migrations.LATEST.value() + 1);
        try (SqliteStorage storage = TestDatabases.at(dir, ahead)) {
            SqliteStorageException e = assertThrows(
                    SqliteStorageException.class, () -> storage.schemaMigrator().migrate());
            assertEquals(ErrorCode.REFUSED, e.code());
            assertTrue(e.getMessage().contains("schema " + ahead), e.getMessage());
            assertTrue(e.getMessage().contains("schema " + Migrations.LATEST), e.getMessage());
            assertTrue(e.getMessage().contains("waiaas upgrade"), e.getMessage());
        }
    }

    @Test
    void flywayItselfFailsRatherThanIgnoringAMigrationFromTheFuture() throws SQLException {
        SchemaVersion ahead = SchemaVersion.of(Migrations.LATEST.value() + 1);
        try (SqliteStorage storage = TestDatabases.at(dir, ahead)) {
            assertThrows(
                    FlywayException.class,
                    () -> storage.flywayMigrator().flyway(Migrations.LATEST).migrate());
            assertEquals(Optional.of(ahead), storage.schemaHistory().current());
        }
    }

    @Test
    void aClosedStorageRefusesFurtherUse() {
        SqliteStorage storage = TestDatabases.migrated(dir);
        storage.close();
        assertThrows(IllegalStateException.class, () -> storage.keyValueStore().get("a"));
    }

    private void assertOneLineNaming(SqliteStorageException e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(dbFile().toAbsolutePath().toString()), e.getMessage());
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
