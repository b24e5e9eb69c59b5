package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An older build started on a database a newer one migrated, as a pinned older container image or a Kubernetes
 * rollback starts it (DOCK-B3): refused (exit 5) and untouched by default; with {@code restore_on_downgrade}, the
 * backup taken before the migration is restored, the newer data kept as a {@code pre-rollback} backup, and N serves
 * every row written before the upgrade.
 *
 * <p>The newer build is the real N+1 package, installed and migrated by a real {@code waiaas upgrade}; the older one
 * is the runtime image under test, run with the container's environment as the image runs it.
 */
@Timeout(300)
class RestoreOnDowngradeIT {
    private static final String CLI = "@waiaas/cli";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:restore-on-downgrade-it");
    private LoopbackRegistry registry;
    private String n;
    private String next;
    private Path dataDir;
    private Path db;
    private ImageRunner image;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        n = System.getProperty("waiaas.version");
        next = Files.readString(TestReleases.PACKAGES.resolve("test/next-version"))
                .strip();
        PublishedPackages published = new PublishedPackages().keys(key);
        TestReleases.publish(published, n, TestReleases.release(n), key);
        TestReleases.publish(published, next, TestReleases.testPackage(next, ""), key);
        published.tag(CLI, "latest", next);
        registry = LoopbackRegistry.serve(published);
        dataDir = tmp.resolve("data");
        db = dataDir.resolve("data/waiaas.db");
        Files.createDirectories(dataDir);
        image = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"" + registry.uri()
                        + "\"\n[install]\nhealth_timeout = 30\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        image.stopAll();
        registry.close();
    }

    @Test
    void anOlderBuildRefusesTheNewerDatabaseUnlessAllowedThenRestoresWhatItRanKeepingTheNewerData() throws Exception {
        assertEquals(0, image.run("start", "-d").exit());
        int schemaOfN = SqliteFiles.schemaVersion(db);
        put("written under", n);
        ImageRunner.Result upgraded = image.run("upgrade");
        assertEquals(0, upgraded.exit(), upgraded.toString());
        int schemaOfNext = SqliteFiles.schemaVersion(db);
        assertTrue(schemaOfNext > schemaOfN, "N+1 migrated the database: " + schemaOfN + " -> " + schemaOfNext);
        put("written after the upgrade under", next);
        assertEquals(0, image.installed().run("stop").exit());
        String migrated = SqliteFiles.sha256(db);

        // The older build, as its container runs it: without the setting it refuses and touches nothing.
        ImageRunner older = image.withEnv(Map.of("WAIAAS_IN_CONTAINER", "1"));
        ImageRunner.Result refused = older.run("start", "-d");
        assertEquals(5, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("newer than schema " + schemaOfN), refused.toString());
        assertEquals(migrated, SqliteFiles.sha256(db), "not one byte of the database changed");
        int backupsBefore = backups().size();

        ImageRunner allowed = older.withEnv(Map.of("WAIAAS_DAEMON_RESTORE_ON_DOWNGRADE", "true"));
        ImageRunner.Result started = allowed.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
        JsonNode health = ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30));
        assertEquals(n, health.get("version").textValue(), health.toString());

        assertEquals(schemaOfN, SqliteFiles.schemaVersion(db));
        assertEquals("ok", SqliteFiles.integrityCheck(db));
        assertEquals(
                List.of(n), SqliteFiles.query(db, "SELECT value FROM key_value_store WHERE key = 'written under'"));

        List<JsonNode> after = backups();
        assertEquals(backupsBefore + 1, after.size(), after.toString());
        JsonNode kept = after.stream()
                .filter(b -> b.get("reason").textValue().equals("pre-rollback"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no pre-rollback backup: " + after));
        Path keptDb =
                dataDir.resolve("backups").resolve(kept.get("id").textValue()).resolve("waiaas.db");
        assertEquals(schemaOfNext, SqliteFiles.schemaVersion(keptDb));
        assertEquals(
                List.of(next),
                SqliteFiles.query(
                        keptDb, "SELECT value FROM key_value_store WHERE key = 'written after the upgrade under'"),
                "the data written under N+1 is kept");
        String restored = after.stream()
                .filter(b -> b.get("reason").textValue().equals("pre-migration"))
                .map(b -> b.get("id").textValue())
                .findFirst()
                .orElseThrow();
        String log = Files.readString(dataDir.resolve("logs/daemon.log"));
        assertTrue(log.contains("restored backup " + restored), log);
        assertTrue(
                log.contains("the data it replaced is kept in backup "
                        + kept.get("id").textValue()),
                log);
        assertEquals(0, allowed.run("stop").exit());
    }

    private void put(String key, String value) {
        try (SqliteStorage storage = SqliteStorage.open(db, InstantSource.system())) {
            storage.keyValueStore().putAll(Map.of(key, value));
        }
    }

    private List<JsonNode> backups() throws Exception {
        ImageRunner.Result listed = image.run("backup", "list", "--json");
        assertEquals(0, listed.exit(), listed.toString());
        JsonNode all = JSON.readTree(listed.out());
        return java.util.stream.StreamSupport.stream(all.spliterator(), false).toList();
    }
}
