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
import io.waiaas.application.testkit.ReliabilityLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry-metadata half of the hostile-release table (TRST-01..TRST-04), through the real runtime image N and a
 * loopback registry serving the real packages of N and N+1: a registry whose {@code latest} moves backwards, one that
 * drops a version it listed, a release younger than {@code min_release_age}, a deprecated release. Each is flagged
 * or refused, nothing is installed, the daemon keeps serving N and every row is kept.
 */
@Timeout(600)
class RegistryMetadataIT {
    private static final String CLI = TestReleases.CLI;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:metadata-it");
    private PublishedPackages published;
    private LoopbackRegistry registry;
    private String n;
    private String next;
    private Path dataDir;
    private ImageRunner image;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        n = System.getProperty("waiaas.version");
        next = TestReleases.nextVersion();
        dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        image = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
        published = TestReleases.releaseAndNext(n, next, key);
        registry = LoopbackRegistry.serve(published);
    }

    @AfterEach
    void tearDown() throws Exception {
        image.stopAll();
        registry.close();
    }

    @Test
    void aLatestThatMovesBackwardsIsReportedAndNotFollowed() throws Exception {
        configure("");
        startAndAwait(h -> next.equals(h.path("latestVersion").textValue()));
        Map<String, String> rows = writeRows(30);

        published.tag(CLI, "latest", n); // the registry now claims N is the newest: a rollback
        restart();
        List<String> warnings = awaitWarnings();
        ReliabilityLedger.hostileInputOfCallingTest("a registry whose latest moved backwards");
        assertTrue(warnings.getFirst().contains("names " + n + ", older than " + next), warnings.toString());
        JsonNode health = health();
        assertEquals(next, health.path("latestVersion").textValue(), "/health never follows the registry downward");
        assertEquals(n, health.path("version").textValue());
        ImageRunner.Result status = image.run("status");
        assertTrue(status.out().contains("warning  the registry's dist-tag now names " + n), status.out());

        ImageRunner.Result upgrade = image.run("upgrade");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        assertNothingInstalled(rows);
    }

    @Test
    void aVersionTheRegistryDropsIsReportedAndNothingIsInstalled() throws Exception {
        configure("");
        startAndAwait(h -> next.equals(h.path("latestVersion").textValue()));
        Map<String, String> rows = writeRows(30);

        published.unpublish(CLI, next).tag(CLI, "latest", n);
        restart();
        List<String> warnings = awaitWarnings();
        ReliabilityLedger.hostileInputOfCallingTest("a registry that dropped a version it listed");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("no longer lists " + next)), warnings.toString());
        ImageRunner.Result doctor = image.run("doctor", "--json");
        JsonNode check = check(JSON.readTree(doctor.out()), "registry-metadata");
        assertEquals("warn", check.path("status").textValue(), doctor.out());
        assertTrue(check.path("message").textValue().contains("no longer lists " + next), doctor.out());

        ImageRunner.Result upgrade = image.run("upgrade", "--to", next);
        assertEquals(1, upgrade.exit(), upgrade.toString());
        assertEquals(1, upgrade.err().strip().lines().count(), upgrade.err());
        assertNothingInstalled(rows);
    }

    @Test
    void aReleaseYoungerThanTheCooldownIsNotTheLatestAndAnExactTargetSaysSo() throws Exception {
        published.publishedAt(CLI, next, Instant.now().minus(Duration.ofHours(1)));
        configure("min_release_age = \"3d\"\n");
        startAndAwait(h -> n.equals(h.path("latestVersion").textValue()));
        Map<String, String> rows = writeRows(30);
        ReliabilityLedger.hostileInputOfCallingTest("a release younger than min_release_age");
        assertFalse(health().path("updateAvailable").booleanValue());
        assertEquals(List.of(), warnings(), "a cooldown is a rule, not a warning");

        ImageRunner.Result check = image.run("upgrade", "--check", "--json");
        assertEquals(0, check.exit(), check.toString());
        assertEquals(n, JSON.readTree(check.out()).path("target").textValue(), check.out());
        ImageRunner.Result upgrade = image.run("upgrade");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        assertTrue(upgrade.out().contains("up to date"), upgrade.out());
        ImageRunner.Result exact = image.run("upgrade", "--to", next, "--dry-run");
        assertEquals(0, exact.exit(), exact.toString());
        assertTrue(
                exact.err().contains("younger than min_release_age 3d")
                        && exact.err().contains("installing it because --to names it exactly"),
                exact.err());
        assertNothingInstalled(rows);
    }

    @Test
    void aDeprecatedReleaseIsNeverChosenRefusedByExactTargetAndAnInstalledOneFlagged() throws Exception {
        published.deprecate(CLI, next, "corrupts backups, wait for the next release");
        published.deprecate(CLI, n, "security fix in a later release");
        configure("");
        // Both deprecated: the latest names none of them, and the check keeps none as the latest release.
        startAndAwait(h -> true);
        Map<String, String> rows = writeRows(30);
        List<String> warnings = awaitWarnings();
        assertTrue(
                warnings.contains("the installed version " + n
                        + " is deprecated by the registry: security fix in a later release"),
                warnings.toString());

        ImageRunner.Result refused = image.run("upgrade", "--to", next);
        ReliabilityLedger.hostileInputOfCallingTest("a deprecated release");
        assertEquals(5, refused.exit(), refused.toString());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(
                refused.err().contains(next + " is deprecated by the registry: corrupts backups")
                        && refused.err().contains("--allow-deprecated"),
                refused.err());
        ImageRunner.Result json = image.run("upgrade", "--to", next, "--json");
        assertEquals(5, json.exit(), json.toString());
        assertTrue(json.out().contains("\"refused\""), json.out());
        ImageRunner.Result allowed = image.run("upgrade", "--to", next, "--allow-deprecated", "--dry-run");
        assertEquals(0, allowed.exit(), allowed.toString());
        assertTrue(health().path("latestVersion").isNull(), health().toString());
        ImageRunner.Result latest = image.run("upgrade");
        assertEquals(1, latest.exit(), latest.toString());
        assertTrue(latest.err().contains("no older release qualifies"), latest.err());
        ImageRunner.Result doctor = image.run("doctor");
        assertTrue(doctor.out().contains("is deprecated by the registry: security fix"), doctor.out());
        assertNothingInstalled(rows);
    }

    // ---- helpers ----

    private void configure(String extra) throws IOException {
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = true\nregistry = \"" + registry.uri() + "\"\n"
                        + extra);
    }

    private void startAndAwait(Predicate<JsonNode> health) throws Exception {
        ImageRunner.Result started = image.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
        ImageRunner.awaitHealth(port, health, Duration.ofSeconds(30));
    }

    /** Restart the daemon: its version check runs at start, so it sees the registry as it is now. */
    private void restart() throws Exception {
        assertEquals(0, image.run("stop").exit());
        ImageRunner.Result started = image.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
    }

    private JsonNode health() throws Exception {
        return ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(10));
    }

    private List<String> warnings() throws Exception {
        ImageRunner.Result status = image.run("status", "--json");
        assertEquals(0, status.exit(), status.toString());
        List<String> found = new java.util.ArrayList<>();
        JSON.readTree(status.out()).path("registryWarnings").forEach(w -> found.add(w.textValue()));
        return found;
    }

    private List<String> awaitWarnings() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> found = warnings();
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no registry warning in status --json within 30 s");
    }

    private static JsonNode check(JsonNode doctor, String name) {
        for (JsonNode c : doctor.path("checks")) {
            if (name.equals(c.path("name").textValue())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + doctor);
    }

    private Map<String, String> writeRows(int count) {
        Map<String, String> rows = new HashMap<>();
        for (int i = 0; i < count; i++) {
            rows.put("metadata-it." + i, "v" + i);
        }
        try (SqliteStorage storage = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            storage.keyValueStore().putAll(rows);
        }
        return rows;
    }

    /** Nothing of N+1 installed, the daemon still serving N, every row there. */
    private void assertNothingInstalled(Map<String, String> rows) throws Exception {
        assertFalse(Files.exists(dataDir.resolve("runtime/versions/" + next)), next + " was installed");
        assertEquals(n, health().path("version").textValue(), "the daemon no longer serves N");
        try (SqliteStorage storage = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            long missing = rows.entrySet().stream()
                    .filter(e -> !storage.keyValueStore()
                            .get(e.getKey())
                            .map(e.getValue()::equals)
                            .orElse(false))
                    .count();
            ReliabilityLedger.rowsChecked(rows.size());
            ReliabilityLedger.rowsLost(missing);
            assertEquals(0, missing, missing + " of " + rows.size() + " rows lost");
        }
    }
}
