package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.RegistryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproductions of findings 1 and 2 of issue 16 ("Installed channels"), as an operator met them: they state what the
 * product must do. Both failed before the rollback that cannot strand the operator (the way back held before
 * anything stops) and the one command that always works (the launcher left behind hands over) were built.
 *
 * <ol>
 *   <li>An npm global install's {@code upgrade --rollback} while the registry is unreachable must bring N back, or
 *       exit 4 with numbered manual steps and a daemon serving; never lose a row, never serve N+1 over data restored
 *       for N, never report a rollback it did not reach, and name the versions in the right direction.
 *   <li>After a side-by-side upgrade of a fresh unpack, the launcher the operator used before must run the current
 *       version or say in one line which command to run; the upgrade's last line names that command; no circular
 *       advice; a foreground {@code start} that refuses binds nothing.
 * </ol>
 */
@Timeout(600)
class InstalledChannelFindingsIT {
    private static final String CLI = TestReleases.CLI;

    @TempDir
    Path tmp;

    private String n;
    private String next;
    private Path dataDir;
    private int port;
    private ImageRunner waiaas;
    private VerdaccioRegistry verdaccio;
    private LoopbackRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        n = System.getProperty("waiaas.version");
        next = TestReleases.nextVersion();
        dataDir = Files.createDirectories(tmp.resolve("data"));
        port = ImageRunner.freePort();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (waiaas != null) {
            waiaas.run("stop");
            if (Files.isExecutable(dataDir.resolve("runtime/bin/waiaas"))) {
                waiaas.installed().run("stop");
            }
        }
        if (verdaccio != null) {
            verdaccio.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    // ---- finding 1 ----

    @Test
    void finding1AnNpmGlobalRollbackWithTheRegistryDownNeverStrandsTheOperatorNorLosesARow() throws Exception {
        verdaccio = VerdaccioRegistry.start(
                VerdaccioReleases.home(), VerdaccioReleases.storage(), "127.0.0.1", VerdaccioRegistry.ANYONE);
        Path prefix = tmp.resolve("prefix");
        verdaccio.installGlobal(prefix, CLI + "@" + n, "", false, tmp.resolve("npm"));
        waiaas = new ImageRunner(dataDir, tmp, prefix.resolve("bin/waiaas"))
                .env("PATH", VerdaccioRegistry.nodePath() + ":/usr/bin:/bin")
                .env("npm_config_cache", tmp.resolve("npm-cache").toString());
        configure(verdaccio.uri().toString());
        assertEquals(0, waiaas.run("start", "-d").exit());
        Map<String, String> before = writeRows("before", 50);
        ImageRunner.Result upgrade = waiaas.run("upgrade", "--yes");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        ImageRunner.awaitHealth(port, h -> next.equals(h.path("version").textValue()), Duration.ofSeconds(30));
        Map<String, String> underNext = writeRows("under-next", 20);

        verdaccio.close();
        verdaccio = null;
        ImageRunner.Result rollback = waiaas.run("upgrade", "--rollback");

        assertTrue(rollback.exit() == 0 || rollback.exit() == 4, "exit 0, or 4 with manual steps: " + rollback);
        assertFalse(
                (rollback.out() + rollback.err()).contains("rollback " + n + " \u2192 " + next),
                "the versions are named backwards: " + rollback);
        if (rollback.exit() == 4) {
            assertTrue(rollback.err().contains("1. "), "exit 4 without numbered manual steps: " + rollback);
        }
        JsonNode serving = ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30));
        String version = serving.path("version").textValue();
        if (rollback.exit() == 0) {
            assertEquals(n, version, "a rollback that reports success serves " + version);
        }
        assertRowsKept(before, version.equals(n) ? "the data of N" : "the live data");
        assertTrue(
                rowsLive(underNext) || rowsInABackup(underNext, "pre-rollback-"),
                "rows written under " + next + " are neither live nor in a pre-rollback backup");
        if (version.equals(next)) {
            assertTrue(rowsLive(underNext), next + " serves, but over data restored for " + n);
        }
        // What the next start says must be what it does.
        waiaas.run("stop");
        ImageRunner.Result start = waiaas.run("start", "-d");
        String afterStart = ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30))
                .path("version")
                .textValue();
        if ((start.out() + start.err()).contains("completed the rollback to " + n)) {
            assertEquals(n, afterStart, "start reported the rollback to " + n + " and serves " + afterStart);
        }
        assertRowsKept(before, "after the next start");
    }

    // ---- finding 2 ----

    @Test
    void finding2TheLauncherUsedBeforeASideBySideUpgradeRunsTheCurrentVersionOrNamesTheCommand() throws Exception {
        RegistryKey key = RegistryKey.generate("SHA256:findings-it");
        registry = TestReleases.serveReleaseAndNext(n, next, key);
        // A fresh unpack of the release package, as an operator makes one.
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        Process tar = new ProcessBuilder(
                        "tar",
                        "-xzf",
                        TestReleases.release(n).toString(),
                        "-C",
                        unpacked.toString(),
                        "--strip-components=1")
                .inheritIO()
                .start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar failed");
        waiaas = new ImageRunner(dataDir, tmp, unpacked.resolve("bin/waiaas"));
        configure(registry.uri().toString());
        String current = dataDir.resolve("runtime/bin/waiaas").toString();
        assertEquals(0, waiaas.run("start", "-d").exit());

        ImageRunner.Result upgrade = waiaas.run("upgrade", "--yes");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        List<String> lines = upgrade.out().strip().lines().toList();
        assertTrue(
                lines.getLast().contains(current),
                "the upgrade's last line does not name the command to use from now on (" + current + "): "
                        + lines.getLast());

        ImageRunner.Result version = waiaas.run("--version");
        assertTrue(
                version.out().equals(next + "\n") || version.exit() != 0 && namesOnly(version, current),
                "the old launcher neither runs " + next + " nor names " + current + ": " + version);
        ImageRunner.Result again = waiaas.run("upgrade");
        assertFalse(again.out().contains("Already up to date (" + n + ")"), "circular: " + again);
        ImageRunner.Result status = waiaas.runOnTerminal(tmp.resolve("status.out"), "status");
        assertFalse(status.err().contains("Update available: " + n + " \u2192 " + next), "circular: " + status);

        waiaas.run("stop");
        ImageRunner.Result start = waiaas.run("start", "-d");
        assertFalse(start.err().contains("run: waiaas upgrade"), "circular advice: " + start);
        if (start.exit() == 0) {
            assertEquals(
                    next,
                    ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30))
                            .path("version")
                            .textValue());
            waiaas.installed().run("stop");
        } else {
            assertTrue(namesOnly(start, current), "a refusal that does not name " + current + ": " + start);
            // A foreground start that refuses must bind nothing while it decides.
            Process foreground = waiaas.start("start");
            boolean answered = false;
            while (foreground.isAlive()) {
                answered |= ImageRunner.get(port, "/health", "127.0.0.1").isPresent();
                Thread.sleep(10);
            }
            assertFalse(
                    answered,
                    "a foreground start that refused (exit " + foreground.exitValue() + ") bound port " + port
                            + " first");
        }
    }

    // ---- helpers ----

    private static boolean namesOnly(ImageRunner.Result r, String command) {
        return r.err().strip().lines().count() == 1 && r.err().contains(command);
    }

    private void configure(String registryUri) throws IOException {
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"" + registryUri + "\"\n");
    }

    private Map<String, String> writeRows(String prefix, int count) {
        Map<String, String> rows = new HashMap<>();
        for (int i = 0; i < count; i++) {
            rows.put(prefix + "." + i, "v");
        }
        try (SqliteStorage storage = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            storage.keyValueStore().putAll(rows);
        }
        return rows;
    }

    private boolean rowsLive(Map<String, String> rows) {
        return rowsIn(dataDir.resolve("data/waiaas.db"), rows);
    }

    private void assertRowsKept(Map<String, String> rows, String where) {
        assertTrue(rowsLive(rows), "rows written before the upgrade are missing from " + where);
    }

    private boolean rowsInABackup(Map<String, String> rows, String prefix) throws IOException {
        Path backups = dataDir.resolve("backups");
        if (!Files.isDirectory(backups)) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(backups)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
                    .anyMatch(d -> rowsIn(d.resolve("waiaas.db"), rows));
        }
    }

    private static boolean rowsIn(Path database, Map<String, String> rows) {
        if (!Files.exists(database)) {
            return false;
        }
        try (SqliteStorage storage = SqliteStorage.open(database, InstantSource.system())) {
            return rows.keySet().stream()
                    .allMatch(k -> storage.keyValueStore().get(k).equals(Optional.of("v")));
        }
    }
}
