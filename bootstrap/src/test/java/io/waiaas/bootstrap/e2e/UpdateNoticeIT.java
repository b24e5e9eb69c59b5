package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.sqlite.SqliteStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's update notice on a real terminal (a pty through util-linux script), through the runtime image. */
class UpdateNoticeIT {
    private static final String NOTICE = "Update available: ";

    @TempDir
    Path tmp;

    private ImageRunner waiaas;
    private Path dataDir;
    private Path stdout;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        waiaas = new ImageRunner(dataDir, tmp);
        stdout = tmp.resolve("stdout.txt");
        port = ImageRunner.freePort();
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\nport = " + port + "\n[update]\ncheck = false\n");
        storeLatest("9.9.9");
    }

    @Test
    void theNoticeGoesToStderrOnceADayForTheSameVersion() throws Exception {
        ImageRunner.Result first = waiaas.runOnTerminal(stdout, "status");
        assertTrue(first.err().contains(NOTICE + System.getProperty("waiaas.version") + " \u2192 9.9.9"), first.err());
        assertTrue(first.err().contains("Run: waiaas upgrade"), first.err());
        assertEquals("waiaas is stopped\n", first.out(), "stdout carries the command's output only");
        assertTrue(Files.exists(dataDir.resolve(".last-update-notify")));

        ImageRunner.Result second = waiaas.runOnTerminal(stdout, "status");
        assertFalse(second.err().contains(NOTICE), "shown twice within 24 h: " + second.err());

        storeLatest("9.9.10");
        ImageRunner.Result newer = waiaas.runOnTerminal(stdout, "status");
        assertTrue(newer.err().contains("\u2192 9.9.10"), "a newer release is shown at once: " + newer.err());
    }

    @Test
    void everySuppressionHidesTheNotice() throws Exception {
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, String> env : List.of(
                Map.entry("WAIAAS_NO_UPDATE_NOTIFY", "1"),
                Map.entry("NO_UPDATE_NOTIFIER", ""),
                Map.entry("CI", "true"))) {
            ImageRunner.Result r = new ImageRunner(dataDir, tmp)
                    .env(env.getKey(), env.getValue())
                    .runOnTerminal(stdout, "status");
            if (r.err().contains(NOTICE)) {
                shown.add(env.getKey());
            }
        }
        if (waiaas.runOnTerminal(stdout, "status", "--quiet").err().contains(NOTICE)) {
            shown.add("--quiet");
        }
        if (waiaas.runOnTerminal(stdout, "-q", "status").err().contains(NOTICE)) {
            shown.add("-q");
        }
        ImageRunner.Result piped = waiaas.run("status");
        if (piped.err().contains(NOTICE)) {
            shown.add("stderr not a terminal");
        }
        assertEquals(List.of(), shown);
        // None of the suppressed runs used up the notice.
        assertTrue(waiaas.runOnTerminal(stdout, "status").err().contains(NOTICE));
    }

    @Test
    void upgradeItselfAndVersionNeverShowTheNotice() throws Exception {
        assertFalse(waiaas.runOnTerminal(stdout, "--version").err().contains(NOTICE));
        assertFalse(waiaas.runOnTerminal(stdout, "--help").err().contains(NOTICE));
        assertFalse(waiaas.runOnTerminal(stdout, "upgrade", "--help").err().contains(NOTICE));
    }

    @Test
    void stdoutAndExitCodeAreTheSameWithAndWithoutTheNotice() throws Exception {
        for (String[] args : new String[][] {{"status"}, {"status", "--json"}, {"stop"}, {"frobnicate"}}) {
            Files.deleteIfExists(dataDir.resolve(".last-update-notify"));
            ImageRunner.Result with = waiaas.runOnTerminal(stdout, args);
            ImageRunner.Result without = new ImageRunner(dataDir, tmp)
                    .env("WAIAAS_NO_UPDATE_NOTIFY", "1")
                    .runOnTerminal(stdout, args);
            assertEquals(without.out(), with.out(), String.join(" ", args));
            assertEquals(without.exit(), with.exit(), String.join(" ", args));
        }
    }

    /**
     * A daemon that accepts connections and never answers (a real one, frozen with SIGSTOP) must not hold the
     * command up: it finishes with the same output. How much time it costs is a benchmark figure (bench/run),
     * printed here for the record.
     */
    @Test
    void aHungDaemonDoesNotHoldTheCommandUp() throws Exception {
        List<Long> hung = new ArrayList<>();
        List<Long> none = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Files.deleteIfExists(dataDir.resolve(".last-update-notify"));
            none.add(timed(() -> waiaas.runOnTerminal(stdout, "backup", "list")));
        }
        assertEquals(0, waiaas.run("start", "-d").exit());
        long pid =
                Long.parseLong(Files.readString(dataDir.resolve("daemon.pid")).strip());
        signal("-STOP", pid);
        try {
            for (int i = 0; i < 3; i++) {
                Files.deleteIfExists(dataDir.resolve(".last-update-notify"));
                hung.add(timed(() -> {
                    ImageRunner.Result r = waiaas.runOnTerminal(stdout, "backup", "list");
                    assertEquals(0, r.exit(), r.toString());
                    return r;
                }));
            }
        } finally {
            signal("-CONT", pid);
            waiaas.run("stop");
        }
        System.out.printf(
                "backup list on a terminal: median %d ms with a hung daemon, %d ms with none (+%d ms)%n",
                median(hung), median(none), median(hung) - median(none));
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(
                0,
                new ProcessBuilder("/bin/kill", signal, Long.toString(pid))
                        .start()
                        .waitFor());
    }

    private interface Run {
        ImageRunner.Result run() throws Exception;
    }

    private static long timed(Run run) throws Exception {
        long t0 = System.nanoTime();
        run.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private void storeLatest(String version) {
        try (SqliteStorage storage = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            storage.schemaMigrator().migrate();
            storage.keyValueStore().putAll(Map.of("version_check_latest", version));
        }
    }
}
