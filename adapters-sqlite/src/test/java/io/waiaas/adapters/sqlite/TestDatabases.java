package io.waiaas.adapters.sqlite;

import io.waiaas.domain.SchemaVersion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;

/** Build real SQLite databases for tests. */
final class TestDatabases {
    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T06:00:00Z"));

    private TestDatabases() {}

    /** Return storage on {@code dir}/data/waiaas.db, migrated to the latest schema. */
    static SqliteStorage migrated(Path dir) {
        SqliteStorage storage = SqliteStorage.open(dir.resolve("data").resolve("waiaas.db"), CLOCK);
        storage.schemaMigrator().migrate();
        return storage;
    }

    /** Put the database of {@code storage} exactly at {@code version}, which may lie beyond this build. */
    static SqliteStorage at(Path dir, SchemaVersion version) {
        SqliteStorage storage = SqliteStorage.open(dir.resolve("data").resolve("waiaas.db"), CLOCK);
        if (!Migrations.LATEST.isBefore(version)) {
            storage.flywayMigrator().migrateTo(version);
            return storage;
        }
        storage.schemaMigrator().migrate();
        pretendMigrated(storage.databaseFile(), version);
        return storage;
    }

    /** Add a successful Flyway history row for {@code version}, as a newer build would have left it. */
    static void pretendMigrated(Path file, SchemaVersion version) {
        execute(file, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO flyway_schema_history"
                    + " (installed_rank, version, description, type, script, checksum, installed_by,"
                    + " execution_time, success) VALUES ((SELECT max(installed_rank) + 1 FROM"
                    + " flyway_schema_history), ?, 'from the future', 'SQL', ?, 0, 'test', 0, 1)")) {
                insert.setString(1, version.toString());
                insert.setString(2, "V" + version + "__from_the_future.sql");
                insert.executeUpdate();
            }
        });
    }

    /** Run {@code work} on a plain JDBC connection to {@code file}. */
    static void execute(Path file, SqlWork work) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Run one SQL statement on {@code file}. */
    static void execute(Path file, String sql) {
        execute(file, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        });
    }

    /** JDBC work that may throw. */
    interface SqlWork {
        void run(Connection connection) throws SQLException;
    }
}
