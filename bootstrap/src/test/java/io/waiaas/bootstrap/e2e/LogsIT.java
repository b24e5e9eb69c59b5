package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOGS-01..03 through the runtime image: the daemon's own log, {@code waiaas logs}, and how a daemon stops. */
class LogsIT {
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
    void aMissingLogIsOneLineAndExitOne() throws Exception {
        ImageRunner.Result r = waiaas.run("logs");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(
                "waiaas: no daemon log yet at " + dataDir.resolve("logs/daemon.log")
                        + "; the daemon writes it once started (waiaas start)\n",
                r.err());
    }

    @Test
    void logsShowsADetachedDaemonsLinesFollowsThemAndTheStoppedLineIsTheLast() throws Exception {
        ImageRunner.Result started = waiaas.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
        ImageRunner.Result tail = waiaas.run("logs", "-n", "5");
        assertEquals(0, tail.exit(), tail.toString());
        List<String> lines = tail.out().lines().toList();
        assertTrue(lines.size() <= 5 && !lines.isEmpty(), tail.toString());
        assertTrue(lines.getLast().endsWith("serving on port " + port), tail.toString());
        assertTrue(lines.getLast().matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z INFO io\\.waiaas: waiaas .*"), tail.out());

        // -f prints the lines written after it started, and ends within a bound when stopped.
        Process follow = waiaas.start("logs", "-f", "-n", "1");
        try {
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        seen.add(line);
                    }
                } catch (IOException e) {
                    seen.add("read failed: " + e);
                }
            });
            String first = seen.poll(60, TimeUnit.SECONDS);
            assertTrue(first != null && first.endsWith("serving on port " + port), String.valueOf(first));
            ImageRunner.Result stopped = waiaas.run("stop");
            assertEquals(0, stopped.exit(), stopped.toString());
            // The web server's own lines come first; the daemon's "stopped" is the last.
            String next;
            do {
                next = seen.poll(30, TimeUnit.SECONDS);
            } while (next != null && !next.endsWith("stopped"));
            assertTrue(next != null, "the follower never printed the stopped line");
            long before = System.nanoTime();
            follow.destroy();
            assertTrue(follow.waitFor(10, TimeUnit.SECONDS), "logs -f ignored SIGTERM");
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(10));
            reader.join(5000);
        } finally {
            follow.destroyForcibly();
        }

        // LOGS-03: the stopped line is the log's last, and the detached daemon's log is not also in daemon.out.
        List<String> log = Files.readAllLines(dataDir.resolve("logs/daemon.log"));
        assertTrue(
                log.getLast().endsWith("INFO io.waiaas: waiaas " + System.getProperty("waiaas.version") + " stopped"),
                log.toString());
        String out = Files.readString(dataDir.resolve("logs/daemon.out"));
        assertFalse(out.contains("serving on port"), out);
    }

    @Test
    void theDaemonRotatesItsLogAndLogsReadsAcrossTheBoundary() throws Exception {
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\n[log]\nmax_size = \"1KiB\"\nkeep = 2\n");
        // An earlier run's log, almost full: this run's lines go to a new file, and the old one becomes .1.
        Files.createDirectories(dataDir.resolve("logs"));
        Files.writeString(dataDir.resolve("logs/daemon.log"), "an earlier line\n".repeat(60));
        for (int i = 0; i < 2; i++) {
            assertEquals(0, waiaas.run("start", "-d").exit());
            assertEquals(0, waiaas.run("stop").exit());
        }
        assertTrue(Files.exists(dataDir.resolve("logs/daemon.log.1")), "rotated");
        assertFalse(Files.exists(dataDir.resolve("logs/daemon.log.3")), "keep = 2");
        assertTrue(Files.size(dataDir.resolve("logs/daemon.log")) <= 1024);
        List<String> current = Files.readAllLines(dataDir.resolve("logs/daemon.log"));
        ImageRunner.Result all = waiaas.run("logs", "-n", String.valueOf(current.size() + 1));
        List<String> shown = all.out().lines().toList();
        assertEquals(current, shown.subList(1, shown.size()), all.toString());
        assertEquals(current.size() + 1, shown.size(), "one line from daemon.log.1: " + all);
    }

    @Test
    void aForegroundDaemonStoppedByStopPrintsItsLastLineAndExitsZero() throws Exception {
        Process daemon = waiaas.start("start");
        try {
            assertTrue(ImageRunner.awaitHealth(port, Duration.ofSeconds(60)), "foreground daemon never answered");
            ImageRunner.Result stop = waiaas.run("stop");
            assertEquals(0, stop.exit(), stop.toString());
            ImageRunner.Result foreground = ImageRunner.finish(daemon, "waiaas start", Duration.ofSeconds(30));
            assertEquals(0, foreground.exit(), "not 143: " + foreground);
            List<String> err = foreground.err().strip().lines().toList();
            assertTrue(
                    err.getLast()
                            .endsWith("INFO io.waiaas: waiaas " + System.getProperty("waiaas.version") + " stopped"),
                    foreground.toString());
            List<String> log = Files.readAllLines(dataDir.resolve("logs/daemon.log"));
            assertEquals(err.getLast(), log.getLast(), "the foreground daemon writes its log file too");
        } finally {
            daemon.destroyForcibly();
        }
    }
}
