package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kill -9} of {@code waiaas upgrade} at each kind of step, then the next {@code start} or {@code upgrade}
 * (SPEC UPGR-B5); and an upgrade refused for lack of disk space (UPGR-B4). Real processes, real packages.
 */
@Timeout(600)
class UpgradeCrashIT {
    private static final String CLI = "@waiaas/cli";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PACKAGES =
            Path.of(System.getProperty("waiaas.packages", "target/packages")).toAbsolutePath();

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:upgrade-crash-it");
    private LoopbackRegistry registry;
    private String n;
    private String next;
    private Path dataDir;
    private ImageRunner image;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        n = System.getProperty("waiaas.version");
        next = Files.readString(PACKAGES.resolve("test/next-version")).strip();
        PublishedPackages published = new PublishedPackages().keys(key);
        TestReleases.publish(published, n, TestReleases.release(n), key);
        TestReleases.publish(published, next, TestReleases.testPackage(next, ""), key);
        published.tag(CLI, "latest", next);
        registry = LoopbackRegistry.serve(published);
        port = ImageRunner.freePort();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dataDir != null) {
            Path installed = dataDir.resolve("runtime/bin/waiaas");
            if (Files.isExecutable(installed)) {
                new ImageRunner(dataDir, tmp, installed).run("stop");
            }
            image.run("stop");
        }
        registry.close();
    }

    /**
     * Kill the upgrade once the journal shows {@code step} in {@code phase} (for {@code switched}: once current
     * points at the new version), then run {@code next} and check a daemon serves N or N+1 with every row.
     */
    @ParameterizedTest(name = "killed at {0}/{1}, then {2}")
    @CsvSource({
        "BACKUP, STARTED, start",
        "INSTALL, STARTED, upgrade",
        "MIGRATE, STARTED, start",
        "MIGRATE, STARTED, upgrade",
        "VERIFY, DONE, start",
        "RESTART, STARTED, upgrade",
    })
    void aKilledUpgradeIsCompletedOrRolledBackByTheNextCommand(String step, String phase, String nextCommand)
            throws Exception {
        useDataDir(tmp.resolve("data"));
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows(300);

        Process upgrade = image.start("upgrade");
        long upgradePid = upgrade.pid();
        awaitJournal("\"step\":\"" + step + "\",\"phase\":\"" + phase + "\"", upgrade);
        new ProcessBuilder("/bin/kill", "-9", Long.toString(upgradePid)).start().waitFor();
        assertTrue(upgrade.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(dataDir.resolve("upgrade.journal")), "the journal must survive the kill");

        ImageRunner launcher = Files.isExecutable(dataDir.resolve("runtime/bin/waiaas"))
                ? new ImageRunner(dataDir, tmp, dataDir.resolve("runtime/bin/waiaas"))
                : image;
        ImageRunner.Result recovered = nextCommand.equals("start")
                ? launcher.run("start", "-d")
                : launcher.run("upgrade");
        // A start may find the daemon the killed upgrade had already started: that is the spec's exit 5, with a daemon
        // serving; anything else must succeed.
        boolean alreadyRunning = nextCommand.equals("start") && recovered.exit() == 5
                && recovered.err().contains("already running");
        assertTrue(recovered.exit() == 0 || alreadyRunning, recovered.toString());

        JsonNode health = awaitHealthy();
        String version = health.get("version").textValue();
        assertTrue(version.equals(n) || version.equals(next), version);
        if (nextCommand.equals("upgrade")) {
            assertEquals(next, version, "the next upgrade goes through");
        }
        assertFalse(Files.exists(dataDir.resolve("upgrade.journal")), "the journal is resolved");
        launcher.run("stop");
        new ImageRunner(dataDir, tmp, installedOrImage()).run("stop");
        assertRowsAndIntegrity(rows);
        System.out.printf("killed at %s/%s, then %s: serving %s, %d rows checked, 0 lost%n", step, phase, nextCommand,
                version, rows.size());
    }

    @Test
    void notEnoughDiskSpaceIsRefusedWithExitFiveAndChangesNothing() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", small.toString())
                .inheritIO().start().waitFor(), "a tmpfs could not be mounted (this test needs root)");
        try {
            useDataDir(small.resolve("data"));
            assertEquals(0, image.run("start", "-d").exit());
            String pid = Files.readString(dataDir.resolve("daemon.pid"));
            ImageRunner.Result r = image.run("upgrade");
            assertEquals(5, r.exit(), r.toString());
            assertTrue(r.err().contains("not enough disk space"), r.err());
            assertEquals(pid, Files.readString(dataDir.resolve("daemon.pid")), "the daemon was touched");
            assertFalse(Files.exists(dataDir.resolve("runtime")), "something was installed");
            assertFalse(Files.exists(dataDir.resolve("backups")), "something was backed up");
            assertEquals(n, awaitHealthy().get("version").textValue());
            image.run("stop");
        } finally {
            image.run("stop");
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    // ---- helpers ----

    private void useDataDir(Path dir) throws IOException {
        dataDir = dir;
        Files.createDirectories(dataDir);
        image = new ImageRunner(dataDir, tmp);
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\nport = " + port
                + "\n[update]\ncheck = false\nregistry = \"" + registry.uri() + "\"\n[install]\nhealth_timeout = 30\n");
    }

    private Path installedOrImage() {
        Path installed = dataDir.resolve("runtime/bin/waiaas");
        return Files.isExecutable(installed) ? installed
                : Path.of(System.getProperty("waiaas.image", "target/image")).toAbsolutePath().resolve("bin/waiaas");
    }

    private void awaitJournal(String marker, Process upgrade) throws Exception {
        Path journal = dataDir.resolve("upgrade.journal");
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            if (Files.exists(journal) && Files.readString(journal).contains(marker)) {
                return;
            }
            assertTrue(upgrade.isAlive(), "the upgrade ended before " + marker + ": exit " + (upgrade.isAlive() ? ""
                    : upgrade.exitValue()));
            assertTrue(System.nanoTime() < deadline, "the journal never showed " + marker);
            Thread.sleep(5);
        }
    }

    private JsonNode awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ImageRunner.HttpReply> reply = ImageRunner.get(port, "/health", "127.0.0.1");
            if (reply.isPresent() && reply.get().status() == 200) {
                return JSON.readTree(reply.get().body());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no daemon answered /health");
    }

    private Map<String, String> writeRows(int count) {
        Map<String, String> rows = new HashMap<>();
        for (int i = 0; i < count; i++) {
            rows.put("committed." + i, "value-" + i);
        }
        try (SqliteStorage storage = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            storage.keyValueStore().putAll(rows);
        }
        return rows;
    }

    private void assertRowsAndIntegrity(Map<String, String> rows) throws Exception {
        Path db = dataDir.resolve("data/waiaas.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertTrue(rs.next());
                assertEquals("ok", rs.getString(1));
            }
            int present = 0;
            try (ResultSet rs = s.executeQuery("SELECT key, value FROM key_value_store WHERE key LIKE 'committed.%'")) {
                while (rs.next()) {
                    assertEquals(rows.get(rs.getString(1)), rs.getString(2));
                    present++;
                }
            }
            assertEquals(rows.size(), present, (rows.size() - present) + " rows lost");
        }
    }

}
