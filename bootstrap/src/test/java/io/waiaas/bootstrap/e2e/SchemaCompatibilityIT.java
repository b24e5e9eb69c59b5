package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema gate at daemon start and {@code waiaas db}, through the real runtime image on real SQLite files
 * (CMPT-01/02/03, HLTH-B2).
 *
 * <p>CMPT-03 (a database below this build's oldest compatible schema) has no test here: this build's
 * {@code MIN_COMPATIBLE} is 1, the first schema there is, so no real database can be below it. It is proven by
 * {@code SchemaGateTest} over the verified fakes and by {@code SchemaGateOverSqliteIT} over real SQLite files.
 */
class SchemaCompatibilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private ImageRunner waiaas;
    private Path dataDir;
    private Path db;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = tmp.resolve("data");
        db = dataDir.resolve("data/waiaas.db");
        waiaas = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\nport = " + port + "\n[update]\ncheck = false\n");
    }

    @AfterEach
    void stopWhateverRuns() throws Exception {
        waiaas.run("stop");
    }

    @Test
    void aFreshDataDirIsCreatedAtTheLatestSchemaWithoutABackup() throws Exception {
        JsonNode before = status();
        assertTrue(before.get("database").isNull(), before.toString());
        assertEquals("fresh", before.get("decision").textValue());
        int latest = before.get("latest").intValue();

        ImageRunner.Result started = waiaas.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
        assertReady();
        assertEquals(latest, SqliteFiles.schemaVersion(db));
        assertEquals("[]", waiaas.run("backup", "list", "--json").out().strip(), "a new database needs no backup");
        assertTrue(daemonLog().contains("created the database at schema " + latest), daemonLog());

        JsonNode after = status();
        assertEquals(latest, after.get("database").intValue());
        assertEquals("up-to-date", after.get("decision").textValue());
    }

    @Test
    void aDatabaseBehindIsBackedUpThenMigratedAndServed() throws Exception {
        assertEquals(0, waiaas.run("db", "migrate").exit());
        SqliteFiles.execute(db, "INSERT INTO key_value_store (key, value, updated_at) VALUES ('mine', 'kept', 1)");
        SqliteFiles.undoNewestMigration(db);
        JsonNode behind = status();
        assertEquals(1, behind.get("database").intValue());
        assertEquals("migration-required", behind.get("decision").textValue());

        ImageRunner.Result started = waiaas.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
        assertReady();

        JsonNode backups = JSON.readTree(waiaas.run("backup", "list", "--json").out());
        assertEquals(1, backups.size(), backups.toString());
        JsonNode backup = backups.get(0);
        assertEquals("pre-migration", backup.get("reason").textValue());
        assertEquals(1, backup.get("schemaVersion").intValue());
        String id = backup.get("id").textValue();
        Path copy = dataDir.resolve("backups").resolve(id).resolve("waiaas.db");
        assertEquals(1, SqliteFiles.schemaVersion(copy), "the backup holds the database from before");
        assertEquals(List.of("kept"), SqliteFiles.query(copy, "SELECT value FROM key_value_store WHERE key = 'mine'"));
        assertTrue(
                daemonLog()
                        .contains("migrated database from schema 1 to "
                                + behind.get("latest").intValue() + " (backup: " + id + ")"),
                daemonLog());

        assertEquals(0, waiaas.run("stop").exit());
        assertEquals("up-to-date", status().get("decision").textValue());
        assertEquals(List.of("kept"), SqliteFiles.query(db, "SELECT value FROM key_value_store WHERE key = 'mine'"));
        assertEquals("ok", SqliteFiles.integrityCheck(db));
    }

    @Test
    void aDatabaseAtTheLatestSchemaIsServedAsItIs() throws Exception {
        ImageRunner.Result created = waiaas.run("db", "migrate");
        assertEquals(0, created.exit(), created.toString());
        assertTrue(created.out().startsWith("created the database at schema "), created.out());
        ImageRunner.Result again = waiaas.run("db", "migrate");
        assertTrue(again.out().endsWith("; nothing to do\n"), again.out());

        ImageRunner.Result started = waiaas.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
        assertReady();
        assertEquals("[]", waiaas.run("backup", "list", "--json").out().strip());
        assertFalse(daemonLog().contains("migrated"), daemonLog());
    }

    @Test
    void aDatabaseAheadIsRefusedWithExitFiveAndLeftByteIdentical() throws Exception {
        assertEquals(0, waiaas.run("db", "migrate").exit());
        int latest = SqliteFiles.schemaVersion(db);
        SqliteFiles.pretendMigratedBy(db, latest + 1);
        String hash = SqliteFiles.sha256(db);
        String refusal = "the database is at schema " + (latest + 1) + ", newer than schema " + latest
                + " of this build (waiaas " + System.getProperty("waiaas.version") + "); it was left untouched;"
                + " run: waiaas upgrade (in a container: run a newer image)";

        ImageRunner.Result foreground = waiaas.run("start");
        assertEquals(5, foreground.exit(), foreground.toString());
        List<String> errLines = foreground.err().strip().lines().toList();
        assertEquals("waiaas: " + refusal, errLines.get(errLines.size() - 1), foreground.toString());
        assertTrue(ImageRunner.get(port, "/health", "127.0.0.1:" + port).isEmpty(), "the endpoint closed again");

        ImageRunner.Result detached = waiaas.run("start", "-d");
        assertEquals(5, detached.exit(), detached.toString());
        assertTrue(detached.err().contains(refusal), detached.toString());
        assertEquals(1, detached.err().strip().lines().count(), detached.toString());

        ImageRunner.Result migrate = waiaas.run("db", "migrate");
        assertEquals(5, migrate.exit(), migrate.toString());
        assertEquals("waiaas: " + refusal + "\n", migrate.err());

        assertEquals("database-ahead", status().get("decision").textValue());
        assertEquals(hash, SqliteFiles.sha256(db), "not one byte of the database changed");
        assertFalse(Files.exists(dataDir.resolve("backups")), "no backup was taken either");
        assertFalse(Files.exists(dataDir.resolve("daemon.pid")));
    }

    @Test
    void dbMigrateIsRefusedWhileTheDaemonRuns() throws Exception {
        assertEquals(0, waiaas.run("start", "-d").exit());
        long pid =
                Long.parseLong(Files.readString(dataDir.resolve("daemon.pid")).strip());
        ImageRunner.Result migrate = waiaas.run("db", "migrate");
        assertEquals(5, migrate.exit(), migrate.toString());
        assertEquals(
                "waiaas: waiaas is running (pid " + pid + "); nothing was changed; stop it first with:"
                        + " waiaas stop, then run: waiaas db migrate\n",
                migrate.err());
        assertReady();
    }

    private JsonNode status() throws Exception {
        ImageRunner.Result r = waiaas.run("db", "status", "--json");
        assertEquals(0, r.exit(), r.toString());
        return JSON.readTree(r.out());
    }

    /** Assert that the daemon answers /health and reports ready right after {@code start -d} returned. */
    private void assertReady() {
        String host = "127.0.0.1:" + port;
        assertEquals(200, ImageRunner.get(port, "/health", host).orElseThrow().status());
        assertEquals(
                200,
                ImageRunner.get(port, "/observe/health/ready", host)
                        .orElseThrow()
                        .status());
    }

    private String daemonLog() throws IOException {
        Path log = dataDir.resolve("logs/daemon.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
