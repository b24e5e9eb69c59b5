package io.waiaas.adapters.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.WaiaasException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrating down with real SQLite files (UPGR-B9): for every reversible migration, from every earlier schema,
 * generated rows survive the way down as far as the older schema can hold them, the schema equals a fresh database's
 * at that version, and Flyway's history stays truthful. The N+1 test package's migration (a new table and a new
 * column on an existing table, bootstrap/src/package/test-migrations) is run the same way.
 */
class DownMigrationsIT {
    private static final Path TEST_MIGRATIONS = Path.of("../bootstrap/src/package/test-migrations");
    private static final long SEED = Long.getLong("waiaas.downMigrations.seed", 20261208L);

    @TempDir
    Path dir;

    private int databases;

    @Test
    void everyReversibleMigrationGoesDownFromEveryEarlierSchemaKeepingEveryRowTheOlderSchemaHolds() {
        Random random = new Random(SEED);
        int cases = 0;
        for (int n = 2; n <= Migrations.LATEST.value(); n++) {
            if (Migrations.IRREVERSIBLE.contains(n)) {
                continue;
            }
            for (int start = 1; start < n; start++) {
                SchemaVersion below = SchemaVersion.of(n - 1);
                try (SqliteStorage storage = TestDatabases.at(next(), SchemaVersion.of(start))) {
                    Path file = storage.databaseFile();
                    writeRows(file, random, 5);
                    storage.flywayMigrator().migrateTo(SchemaVersion.of(n));
                    writeRows(file, random, 7);
                    Map<String, List<Map<String, Object>>> before = rows(file);

                    SchemaDowngrade done = storage.schemaMigrator().downgrade(below);

                    String label = "migration " + n + " from schema " + start;
                    assertEquals(Optional.of(below), storage.schemaHistory().current(), label);
                    assertEquals(schemaOfFreshDatabaseAt(below), schemaOf(file), label);
                    assertEveryRowKept(before, rows(file), label);
                    assertDroppedCounted(before, rows(file), done, label);
                    storage.flywayMigrator().flyway(below).validate();
                    storage.flywayMigrator().migrateTo(SchemaVersion.of(n));
                    assertEquals(
                            Optional.of(SchemaVersion.of(n)),
                            storage.schemaHistory().current(),
                            label);
                    cases++;
                }
            }
        }
        assertTrue(cases > 0, "the build has a reversible migration");
    }

    @Test
    void theNextTestPackagesMigrationGoesDownListingTheTableAndColumnItDropsAndKeepingEveryOtherRow()
            throws IOException {
        SchemaVersion latest = Migrations.LATEST;
        SchemaVersion next = SchemaVersion.of(latest.value() + 1);
        Map<Integer, String> scripts = new HashMap<>(Migrations.downScripts().scripts());
        scripts.put(next.value(), Files.readString(TEST_MIGRATIONS.resolve("next-down.sql")));
        DownScripts withNext = new DownScripts(next, scripts);
        Random random = new Random(SEED + 1);
        try (SqliteStorage storage = TestDatabases.migrated(next())) {
            Path file = storage.databaseFile();
            writeRows(file, random, 4);
            migrateUpWithTheNextTestMigration(file, next);
            writeRows(file, random, 6);
            TestDatabases.execute(file, "UPDATE audit_events SET actor = NULL WHERE id % 2 = 0");
            Map<String, List<Map<String, Object>>> before = rows(file);
            long probeRows = before.get("upgrade_probe").size();
            long actors = before.get("audit_events").stream()
                    .filter(r -> r.get("actor") != null)
                    .count();
            assertTrue(probeRows > 1
                    && actors > 0
                    && actors < before.get("audit_events").size());
            DownMigrations down = storage.downMigrations(withNext);

            SchemaDowngrade plan = down.plan(latest);
            assertEquals(Optional.of(next), storage.schemaHistory().current(), "a plan changes nothing");
            assertEquals(before, rows(file), "a plan changes nothing");
            List<SchemaDowngrade.Dropped> expected = List.of(
                    new SchemaDowngrade.Dropped("audit_events", Optional.of("actor"), actors),
                    new SchemaDowngrade.Dropped("upgrade_probe", Optional.empty(), probeRows));
            assertEquals(expected, plan.dropped());

            SchemaDowngrade done = down.apply(latest);

            assertEquals(expected, done.dropped());
            assertFalse(done.keepsEverything());
            assertEquals(Optional.of(latest), storage.schemaHistory().current());
            assertEquals(schemaOfFreshDatabaseAt(latest), schemaOf(file));
            assertEveryRowKept(before, rows(file), "N+1 -> N");
            storage.flywayMigrator().validate();
        }
    }

    @Test
    void aDownScriptThatFailsChangesNothing() {
        SchemaVersion latest = Migrations.LATEST;
        SchemaVersion next = SchemaVersion.of(latest.value() + 1);
        Map<Integer, String> scripts = new HashMap<>(Migrations.downScripts().scripts());
        scripts.put(next.value(), "DROP TABLE upgrade_probe;\nTHIS IS NOT SQL;");
        try (SqliteStorage storage = TestDatabases.migrated(next())) {
            Path file = storage.databaseFile();
            migrateUpWithTheNextTestMigration(file, next);
            writeRows(file, new Random(SEED + 2), 3);
            Map<String, List<Map<String, Object>>> before = rows(file);
            Map<String, String> schema = schemaOf(file);
            DownMigrations down = storage.downMigrations(new DownScripts(next, scripts));

            WaiaasException failure = assertThrows(WaiaasException.class, () -> down.apply(latest));

            assertTrue(failure.getMessage().contains("down script of migration " + next), failure.getMessage());
            assertEquals(Optional.of(next), storage.schemaHistory().current());
            assertEquals(schema, schemaOf(file));
            assertEquals(before, rows(file));
        }
    }

    @Test
    void anIrreversibleMigrationInBetweenBlocksTheWayDownAndChangesNothing() {
        SchemaVersion latest = Migrations.LATEST;
        try (SqliteStorage storage = TestDatabases.migrated(next())) {
            Map<Integer, String> none = Map.of();
            DownMigrations down = storage.downMigrations(new DownScripts(latest, none));
            SchemaVersion first = SchemaVersion.of(1);
            SchemaDowngrade plan = down.plan(first);
            assertFalse(plan.isPossible());
            assertTrue(
                    plan.blocker().orElseThrow().contains("irreversible"),
                    plan.blocker().orElseThrow());
            WaiaasException refused = assertThrows(WaiaasException.class, () -> down.apply(first));
            assertTrue(refused.getMessage().contains("nothing was changed"), refused.getMessage());
            assertEquals(Optional.of(latest), storage.schemaHistory().current());
        }
    }

    /** Run the N+1 test migration and record it in Flyway's history, as N+1's Flyway would. */
    private static void migrateUpWithTheNextTestMigration(Path file, SchemaVersion next) {
        TestDatabases.execute(file, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(Files.readString(TEST_MIGRATIONS.resolve("next-up.sql")));
            } catch (IOException e) {
                throw new SQLException(e);
            }
        });
        TestDatabases.pretendMigrated(file, next);
    }

    private Path next() {
        return dir.resolve("db" + databases++);
    }

    /** Write {@code count} generated rows into every table, with values of every kind the column takes. */
    static void writeRows(Path file, Random random, int count) {
        TestDatabases.execute(file, connection -> {
            for (Map.Entry<String, List<String>> table :
                    DownMigrations.columns(connection).entrySet()) {
                List<Column> columns = describe(connection, table.getKey());
                long firstId = DownMigrations.single(
                        connection, "SELECT coalesce(max(rowid), 0) + 1 FROM " + DownMigrations.quote(table.getKey()));
                StringBuilder sql = new StringBuilder("INSERT INTO ").append(DownMigrations.quote(table.getKey()));
                sql.append(" (")
                        .append(String.join(
                                ", ",
                                columns.stream()
                                        .map(c -> DownMigrations.quote(c.name()))
                                        .toList()));
                sql.append(") VALUES (")
                        .append("?, ".repeat(columns.size() - 1))
                        .append("?)");
                try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                    for (int i = 0; i < count; i++) {
                        for (int c = 0; c < columns.size(); c++) {
                            insert.setObject(c + 1, columns.get(c).generate(random, firstId + i));
                        }
                        insert.executeUpdate();
                    }
                }
            }
        });
    }

    private record Column(String name, String type, boolean notNull, boolean key) {
        Object generate(Random random, long id) {
            if (key) {
                return type.equalsIgnoreCase("INTEGER") ? id : "key-" + id + "-" + random.nextInt(1_000_000);
            }
            if (!notNull && random.nextInt(4) == 0) {
                return null;
            }
            String upper = type.toUpperCase(java.util.Locale.ROOT);
            if (upper.contains("INT")) {
                return random.nextLong();
            }
            if (upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB")) {
                return random.nextDouble();
            }
            if (upper.contains("BLOB")) {
                byte[] bytes = new byte[random.nextInt(16)];
                random.nextBytes(bytes);
                return bytes;
            }
            String[] pieces = {"a", "'", "\"", ";", "--", "é", "\u20ac", " ", "\n", "\uD83D\uDE80", "0", "NULL"};
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            return text.toString();
        }
    }

    private static List<Column> describe(Connection connection, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement info =
                connection.prepareStatement("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)")) {
            info.setString(1, table);
            try (ResultSet rs = info.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getInt(4) > 0));
                }
            }
        }
        return columns;
    }

    /** Return every row of every table (Flyway's history left out), by table, as column → value, in rowid order. */
    static Map<String, List<Map<String, Object>>> rows(Path file) {
        Map<String, List<Map<String, Object>>> all = new TreeMap<>();
        TestDatabases.execute(file, connection -> {
            for (Map.Entry<String, List<String>> table :
                    DownMigrations.columns(connection).entrySet()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery(
                                "SELECT * FROM " + DownMigrations.quote(table.getKey()) + " ORDER BY rowid")) {
                    while (rs.next()) {
                        Map<String, Object> row = new TreeMap<>();
                        for (String column : table.getValue()) {
                            Object value = rs.getObject(column);
                            row.put(
                                    column,
                                    value instanceof byte[] bytes
                                            ? java.util.HexFormat.of().formatHex(bytes)
                                            : value);
                        }
                        rows.add(row);
                    }
                }
                all.put(table.getKey(), rows);
            }
        });
        return all;
    }

    /** Every row of a table that is still there has every value of the columns that are still there. */
    private static void assertEveryRowKept(
            Map<String, List<Map<String, Object>>> before, Map<String, List<Map<String, Object>>> after, String label) {
        for (Map.Entry<String, List<Map<String, Object>>> table : after.entrySet()) {
            List<Map<String, Object>> was = before.get(table.getKey());
            assertEquals(was.size(), table.getValue().size(), label + ": rows of " + table.getKey());
            for (int i = 0; i < was.size(); i++) {
                Map<String, Object> kept = new TreeMap<>(was.get(i));
                kept.keySet().retainAll(table.getValue().get(i).keySet());
                assertEquals(kept, table.getValue().get(i), label + ": row " + i + " of " + table.getKey());
            }
        }
    }

    private static void assertDroppedCounted(
            Map<String, List<Map<String, Object>>> before,
            Map<String, List<Map<String, Object>>> after,
            SchemaDowngrade done,
            String label) {
        List<SchemaDowngrade.Dropped> expected = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> table : before.entrySet()) {
            if (!after.containsKey(table.getKey())) {
                expected.add(new SchemaDowngrade.Dropped(
                        table.getKey(), Optional.empty(), table.getValue().size()));
            }
        }
        assertEquals(
                expected,
                done.dropped().stream().filter(d -> d.column().isEmpty()).toList(),
                label + ": the tables dropped and their rows");
    }

    /** Return the schema of {@code file}: each table's, index's and trigger's SQL with its spacing made uniform. */
    static Map<String, String> schemaOf(Path file) {
        Map<String, String> schema = new TreeMap<>();
        TestDatabases.execute(file, connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(
                            "SELECT type, name, sql FROM sqlite_schema"
                                    + " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'flyway\\_%' ESCAPE '\\'")) {
                while (rs.next()) {
                    String sql = rs.getString(3) == null ? "" : rs.getString(3);
                    schema.put(
                            rs.getString(1) + " " + rs.getString(2),
                            sql.replaceAll("\\s+", " ")
                                    .replaceAll(" ?([(),]) ?", "$1")
                                    .strip());
                }
            }
        });
        return schema;
    }

    private Map<String, String> schemaOfFreshDatabaseAt(SchemaVersion version) {
        try (SqliteStorage fresh = TestDatabases.at(next(), version)) {
            return schemaOf(fresh.databaseFile());
        }
    }
}
