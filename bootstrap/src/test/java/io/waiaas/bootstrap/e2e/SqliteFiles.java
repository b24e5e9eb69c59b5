package io.waiaas.bootstrap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Build and inspect real SQLite files with plain JDBC, from outside the image, as an operator's tools would. */
final class SqliteFiles {
    private SqliteFiles() {}

    /** Return the highest successfully applied Flyway version of {@code db}. */
    static int schemaVersion(Path db) {
        return query(db, "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1").stream()
                .findFirst()
                .map(Integer::parseInt)
                .orElseThrow();
    }

    /**
     * Take {@code db}, made by this build at schema 2, back to schema 1 as the previous release left it: undo what
     * {@code V2__audit_events.sql} created and remove its history row. Fails when the build's newest migration is
     * not V2 any more, so this helper is updated together with the next migration.
     */
    static void undoNewestMigration(Path db) {
        int version = schemaVersion(db);
        if (version != 2) {
            throw new IllegalStateException("this helper undoes V2 only; the database is at schema " + version
                    + ": teach it the newest migration");
        }
        execute(
                db,
                "DROP INDEX audit_events_type",
                "DROP TABLE audit_events",
                "DELETE FROM flyway_schema_history WHERE version = '2'");
    }

    /** Add a successful history row for {@code version}, as a newer release's migration would have left it. */
    static void pretendMigratedBy(Path db, int version) {
        try (Connection c = open(db);
                PreparedStatement insert = c.prepareStatement("INSERT INTO flyway_schema_history (installed_rank,"
                        + " version, description, type, script, checksum, installed_by, execution_time, success)"
                        + " VALUES ((SELECT max(installed_rank) + 1 FROM flyway_schema_history), ?, 'from a newer"
                        + " release', 'SQL', ?, 0, 'test', 0, 1)")) {
            insert.setString(1, Integer.toString(version));
            insert.setString(2, "V" + version + "__from_a_newer_release.sql");
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Run {@code statements} on {@code db}, each in its own transaction. */
    static void execute(Path db, String... statements) {
        try (Connection c = open(db);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Return the first column of every row {@code sql} selects, as text. */
    static List<String> query(Path db, String sql) {
        try (Connection c = open(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Return every row of {@code key_value_store} in {@code db}, key to value. */
    static Map<String, String> keyValues(Path db) {
        try (Connection c = open(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT key, value FROM key_value_store")) {
            Map<String, String> rows = new HashMap<>();
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Return the answer of {@code PRAGMA integrity_check}: "ok" for a sound file. */
    static String integrityCheck(Path db) {
        return String.join("; ", query(db, "PRAGMA integrity_check"));
    }

    /** Open a writable connection that waits for another writer's lock instead of failing. */
    static Connection open(Path db) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    /** Return the SHA-256 of {@code file}'s bytes. */
    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
