package io.waiaas.adapters.sqlite;

import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Migrate a database down with the down scripts of its migrations, on top of Flyway, whose community edition has no
 * undo (UPGR-B9).
 *
 * <p>Every script from the database's schema down to the target runs in one transaction, together with the removal
 * of its row from Flyway's schema history, so the history stays truthful (Flyway validates the result) and a crash
 * leaves either the old schema or the new one, never a mix. What the older schema has no room for is found by
 * running the scripts once and comparing the tables and columns before and after, then rolling that back and
 * counting the rows and values concerned, before the scripts run for good.
 */
final class DownMigrations {
    private static final String HISTORY = "flyway_schema_history";

    private final SqliteDatabase database;
    private final SqliteSchemaHistory history;
    private final DownScripts scripts;

    DownMigrations(SqliteDatabase database, SqliteSchemaHistory history, DownScripts scripts) {
        this.database = Objects.requireNonNull(database, "database");
        this.history = Objects.requireNonNull(history, "history");
        this.scripts = Objects.requireNonNull(scripts, "scripts");
    }

    /** Say what migrating down to {@code target} would do, changing nothing. */
    SchemaDowngrade plan(SchemaVersion target) {
        return run(target, false);
    }

    /** Migrate down to {@code target}, or refuse without changing anything when some migration cannot be undone. */
    SchemaDowngrade apply(SchemaVersion target) {
        SchemaDowngrade done = run(target, true);
        done.blocker().ifPresent(why -> {
            throw SqliteStorageException.refused("cannot migrate " + database.file() + " down from schema "
                    + done.from() + " to " + target + ": " + why + "; nothing was changed");
        });
        return done;
    }

    private SchemaDowngrade run(SchemaVersion target, boolean apply) {
        SchemaVersion from = history.current()
                .orElseThrow(() -> SqliteStorageException.refused(
                        "there is no database at " + database.file() + " to migrate down"));
        if (from.isBefore(target)) {
            throw SqliteStorageException.refused("the database " + database.file() + " is at schema " + from
                    + ", below " + target + "; there is nothing to migrate down (waiaas db migrate goes up)");
        }
        for (int version = from.value(); version > target.value(); version--) {
            Optional<String> blocker = scripts.blocker(version);
            if (blocker.isPresent()) {
                return SchemaDowngrade.blocked(from, target, blocker.get());
            }
        }
        if (!target.isBefore(from)) {
            return SchemaDowngrade.possible(from, target, List.of());
        }
        return database.call("migrate down", () -> {
            try (Connection connection = database.openWritable()) {
                connection.setAutoCommit(false);
                try {
                    Map<String, List<String>> before = columns(connection);
                    runScripts(connection, from, target);
                    Map<String, List<String>> after = columns(connection);
                    connection.rollback();
                    List<SchemaDowngrade.Dropped> dropped = count(connection, before, after);
                    if (apply) {
                        runScripts(connection, from, target);
                        connection.commit();
                    } else {
                        connection.rollback();
                    }
                    return SchemaDowngrade.possible(from, target, dropped);
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        });
    }

    private void runScripts(Connection connection, SchemaVersion from, SchemaVersion target) throws SQLException {
        for (int version = from.value(); version > target.value(); version--) {
            try (Statement statement = connection.createStatement()) {
                // sqlite-jdbc runs every statement of a script through sqlite3_exec.
                statement.executeUpdate(scripts.script(version));
            } catch (SQLException e) {
                throw SqliteStorageException.failed("the down script of migration " + version + " failed on "
                        + database.file() + ": " + SqliteStorageException.reason(e, database.file())
                        + "; nothing was changed");
            }
            try (PreparedStatement forget =
                    connection.prepareStatement("DELETE FROM " + HISTORY + " WHERE version = ?")) {
                forget.setString(1, Integer.toString(version));
                forget.executeUpdate();
            }
        }
    }

    /** Return every user table's columns, in order; SQLite's own tables and Flyway's history left out. */
    static Map<String, List<String>> columns(Connection connection) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'"
                        + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '" + HISTORY + "' ORDER BY name")) {
            while (rs.next()) {
                tables.put(rs.getString(1), new ArrayList<>());
            }
        }
        for (Map.Entry<String, List<String>> table : tables.entrySet()) {
            try (PreparedStatement info = connection.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
                info.setString(1, table.getKey());
                try (ResultSet rs = info.executeQuery()) {
                    while (rs.next()) {
                        table.getValue().add(rs.getString(1));
                    }
                }
            }
        }
        return tables;
    }

    private static List<SchemaDowngrade.Dropped> count(
            Connection connection, Map<String, List<String>> before, Map<String, List<String>> after)
            throws SQLException {
        List<SchemaDowngrade.Dropped> dropped = new ArrayList<>();
        for (Map.Entry<String, List<String>> table : before.entrySet()) {
            String name = table.getKey();
            if (!after.containsKey(name)) {
                dropped.add(new SchemaDowngrade.Dropped(
                        name, Optional.empty(), single(connection, "SELECT count(*) FROM " + quote(name))));
                continue;
            }
            for (String column : table.getValue()) {
                if (!after.get(name).contains(column)) {
                    dropped.add(new SchemaDowngrade.Dropped(
                            name,
                            Optional.of(column),
                            single(
                                    connection,
                                    "SELECT count(*) FROM " + quote(name) + " WHERE " + quote(column)
                                            + " IS NOT NULL")));
                }
            }
        }
        return dropped;
    }

    /** Return the one number {@code sql} selects. */
    static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Quote an identifier SQLite reported itself. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
