package io.waiaas.adapters.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.testkit.StoredReleaseContract;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link StoredReleaseContract} against a real SQLite file: the daemon's storage writes it, and a
 * separate storage, as the CLI opens it, reads it.
 */
class SqliteStoredReleaseIT implements StoredReleaseContract {
    @TempDir
    Path dir;

    private SqliteStorage cli;
    private SqliteStorage daemon;

    private Path dbFile() {
        return dir.resolve("data").resolve("waiaas.db");
    }

    @AfterEach
    void closeStorage() {
        if (cli != null) {
            cli.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Override
    public StoredRelease newStoredRelease() {
        cli = SqliteStorage.open(dbFile(), TestDatabases.CLOCK);
        return cli.storedRelease();
    }

    @Override
    public boolean databaseExists() {
        return Files.exists(dbFile()) || Files.exists(dbFile().getParent());
    }

    @Override
    public void createDatabase() {
        daemon().schemaMigrator().migrate();
    }

    @Override
    public void storeLatest(String value) {
        createDatabase();
        daemon().keyValueStore().putAll(Map.of(StoredRelease.LATEST_KEY, value));
    }

    @Override
    public void storeRows(Map<String, String> rows) {
        createDatabase();
        daemon().keyValueStore().putAll(rows);
    }

    private SqliteStorage daemon() {
        if (daemon == null) {
            daemon = SqliteStorage.open(dbFile(), TestDatabases.CLOCK);
        }
        return daemon;
    }

    @Test
    void knowsNothingFromAnEmptyFileAndLeavesItEmpty() throws IOException {
        Files.createDirectories(dbFile().getParent());
        Files.createFile(dbFile());
        assertEquals(Optional.empty(), newStoredRelease().latest());
        assertEquals(0, Files.size(dbFile()));
    }

    @Test
    void knowsNothingFromAFileThatIsNotADatabase() throws IOException {
        Files.createDirectories(dbFile().getParent());
        Files.writeString(dbFile(), "not a database\n".repeat(200), StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), newStoredRelease().latest());
    }

    @Test
    void knowsNothingFromADatabaseWithoutTheKeyValueTable() throws SQLException {
        execute(
                "CREATE TABLE other (key TEXT PRIMARY KEY, value TEXT)",
                "INSERT INTO other VALUES ('version_check_latest', '1.10.0')");
        assertEquals(Optional.empty(), newStoredRelease().latest());
    }

    @Test
    void readingChangesNoByteAndLeavesNoFileBehind() throws IOException {
        storeLatest("1.10.0");
        daemon.close();
        daemon = null;
        List<String> files = fileNames();
        byte[] before = Files.readAllBytes(dbFile());
        assertEquals(Optional.of(Version.parse("1.10.0")), newStoredRelease().latest());
        assertArrayEquals(before, Files.readAllBytes(dbFile()));
        assertEquals(files, fileNames());
    }

    @Test
    void readsWhileTheDaemonHoldsAWriteTransaction() throws SQLException {
        storeLatest("1.10.0");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + dbFile());
                Statement statement = writer.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("UPDATE key_value_store SET value = '1.11.0' WHERE key = 'version_check_latest'");
            assertEquals(
                    Optional.of(Version.parse("1.10.0")),
                    newStoredRelease().latest(),
                    "the last committed value, without waiting for the writer");
            statement.execute("ROLLBACK");
        }
    }

    @Test
    void readsADatabaseWhosePathNeedsEscapingInAUri() {
        Path file = dir.resolve("my data #1 ?100%").resolve("waiaas.db");
        try (SqliteStorage writer = SqliteStorage.open(file, TestDatabases.CLOCK);
                SqliteStorage reader = SqliteStorage.open(file, TestDatabases.CLOCK)) {
            writer.schemaMigrator().migrate();
            writer.keyValueStore().putAll(Map.of(StoredRelease.LATEST_KEY, "1.10.0"));
            assertEquals(
                    Optional.of(Version.parse("1.10.0")), reader.storedRelease().latest());
        }
    }

    private void execute(String... sql) throws SQLException {
        try {
            Files.createDirectories(dbFile().getParent());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dbFile());
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
        assertFalse(fileNames().isEmpty());
    }

    private List<String> fileNames() {
        try (var entries = Files.list(dbFile().getParent())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
