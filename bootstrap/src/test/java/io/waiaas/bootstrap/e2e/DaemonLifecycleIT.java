package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.adapters.host.FileUpgradeHistory;
import io.waiaas.application.testkit.PrometheusParser;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's life as an operator sees it, through the real runtime image. */
class DaemonLifecycleIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private ImageRunner waiaas;
    private Path dataDir;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = tmp.resolve("data");
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
    void versionRunsWithNoJdkOnTheHost() throws Exception {
        ImageRunner.Result r = waiaas.run("--version");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(System.getProperty("waiaas.version") + "\n", r.out());
    }

    @Test
    void detachedStartServesHealthAndStopLeavesNoPidFile() throws Exception {
        waiaas.env("WAIAAS_DAEMON_METRICS", "true"); // /metrics is opt-in
        ImageRunner.Result started = waiaas.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
        assertTrue(Files.exists(dataDir.resolve("daemon.pid")));

        ImageRunner.HttpReply health =
                ImageRunner.get(port, "/health", "127.0.0.1:" + port).orElseThrow();
        assertEquals(200, health.status());
        JsonNode body = JSON.readTree(health.body());
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of(
                        "status",
                        "version",
                        "latestVersion",
                        "updateAvailable",
                        "schemaVersion",
                        "uptime",
                        "timestamp"),
                keys);
        assertEquals(System.getProperty("waiaas.version"), body.get("version").textValue());
        assertTrue(body.get("latestVersion").isNull());
        assertTrue(
                body.get("schemaVersion").isInt() && body.get("schemaVersion").intValue() >= 2);

        JsonNode status = JSON.readTree(waiaas.run("status", "--json").out());
        assertEquals("running", status.get("state").textValue());

        // OPS-02: the image serves /metrics (Helidon's observer on the module path), read by a real parser; the
        // upgrade counters come from the data dir's upgrade history, read at each scrape.
        assertEquals(0, waiaas.run("backup", "create").exit());
        Version installed = Version.parse(System.getProperty("waiaas.version"));
        FileUpgradeHistory history = new FileUpgradeHistory(dataDir);
        history.record(UpgradeRecord.started(Instant.now(), installed, Version.parse("99.0.0")));
        history.record(new UpgradeRecord(
                Instant.now(),
                UpgradeRecord.Action.RECOVERY,
                UpgradeRecord.Result.ROLLED_BACK,
                Optional.of(installed),
                Optional.of(Version.parse("99.0.0")),
                Optional.empty()));
        ImageRunner.HttpReply scraped =
                ImageRunner.get(port, "/metrics", "127.0.0.1:" + port).orElseThrow();
        assertEquals(200, scraped.status(), scraped.body());
        PrometheusParser.Scrape metrics = PrometheusParser.parse(scraped.body(), "text/plain");
        String scope = "scope=\"application\"";
        assertEquals(
                1.0,
                metrics.value(
                        "waiaas_version_info",
                        "installed=\"" + System.getProperty("waiaas.version") + "\",latest=\"\"," + scope));
        assertEquals(0.0, metrics.value("waiaas_update_available", scope));
        assertEquals(body.get("schemaVersion").intValue(), metrics.value("waiaas_schema_version", scope));
        assertTrue(
                metrics.value("waiaas_last_backup_size_bytes", scope) > 0,
                metrics.samples().toString());
        assertEquals(1.0, metrics.value("waiaas_upgrades_started_total", scope));
        assertEquals(1.0, metrics.value("waiaas_recoveries_total", "outcome=\"rolled-back\"," + scope));
        assertEquals(0.0, metrics.value("waiaas_upgrades_total", "outcome=\"upgraded\"," + scope));
        assertEquals(
                403,
                ImageRunner.get(port, "/metrics", "evil.example").orElseThrow().status());

        ImageRunner.Result stopped = waiaas.run("stop");
        assertEquals(0, stopped.exit(), stopped.toString());
        assertTrue(stopped.out().startsWith("waiaas stopped"), stopped.toString());
        assertFalse(Files.exists(dataDir.resolve("daemon.pid")));
        assertTrue(ImageRunner.get(port, "/health", "127.0.0.1:" + port).isEmpty(), "still answering after stop");

        ImageRunner.Result again = waiaas.run("stop");
        assertEquals(0, again.exit());
        assertEquals("waiaas is not running\n", again.out());
    }

    @Test
    void aSecondDaemonOnTheSameDataDirIsRefusedAndTheFirstKeepsServing() throws Exception {
        assertEquals(0, waiaas.run("start", "-d").exit());

        ImageRunner.Result foreground = waiaas.run("start");
        assertEquals(5, foreground.exit(), foreground.toString());
        assertEquals(1, foreground.err().strip().lines().count(), foreground.toString());
        assertTrue(foreground.err().contains("already running"), foreground.toString());

        ImageRunner.Result detached = waiaas.run("start", "-d");
        assertEquals(5, detached.exit(), detached.toString());
        assertTrue(detached.err().contains("already running"), detached.toString());

        assertEquals(
                200,
                ImageRunner.get(port, "/health", "127.0.0.1:" + port)
                        .orElseThrow()
                        .status());
        assertEquals(
                404,
                ImageRunner.get(port, "/metrics", "127.0.0.1:" + port)
                        .orElseThrow()
                        .status(),
                "/metrics is off unless [daemon] metrics = true");
    }

    @Test
    void startWorksAgainAfterTheDaemonWasKilledHard() throws Exception {
        assertEquals(0, waiaas.run("start", "-d").exit());
        long pid =
                Long.parseLong(Files.readString(dataDir.resolve("daemon.pid")).trim());
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        daemon.destroyForcibly();
        daemon.onExit().get(10, TimeUnit.SECONDS);

        assertTrue(Files.exists(dataDir.resolve("daemon.pid")), "kill -9 leaves the pid file behind");
        assertEquals("waiaas is stopped\n", waiaas.run("status").out());

        ImageRunner.Result restarted = waiaas.run("start", "-d");
        assertEquals(0, restarted.exit(), restarted.toString());
        assertEquals(
                200,
                ImageRunner.get(port, "/health", "127.0.0.1:" + port)
                        .orElseThrow()
                        .status());
    }

    @Test
    void stopCleansAStalePidFile() throws Exception {
        Files.writeString(dataDir.resolve("daemon.pid"), "999999\n");
        ImageRunner.Result r = waiaas.run("stop");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("waiaas is not running (removed a stale pid file)\n", r.out());
        assertFalse(Files.exists(dataDir.resolve("daemon.pid")));
    }

    @Test
    void foregroundDaemonStopsGracefullyOnSigterm() throws Exception {
        Process daemon = waiaas.start("start");
        try {
            assertTrue(ImageRunner.awaitHealth(port, Duration.ofSeconds(30)), "foreground daemon never answered");
            assertEquals(
                    daemon.pid(),
                    Long.parseLong(
                            Files.readString(dataDir.resolve("daemon.pid")).trim()));
            daemon.destroy();
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon ignored SIGTERM");
            assertFalse(Files.exists(dataDir.resolve("daemon.pid")), "graceful stop removes the pid file");
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void aForeignHostHeaderGets403() throws Exception {
        assertEquals(0, waiaas.run("start", "-d").exit());
        assertEquals(
                403,
                ImageRunner.get(port, "/health", "evil.example").orElseThrow().status());
        assertEquals(
                200,
                ImageRunner.get(port, "/health", "localhost:" + port)
                        .orElseThrow()
                        .status());
    }
}
