package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import io.waiaas.application.testkit.ReliabilityLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kill -9} of {@code waiaas upgrade} at every journal step and at random instants, then the next {@code start}
 * or {@code upgrade} (UPGR-B5); a rollback killed half-way; a journal torn by a power cut; an upgrade refused
 * for lack of disk space (UPGR-B4). Real processes, real packages, real SQLite files: after each crash a daemon must
 * serve N or N+1 with every committed row and {@code integrity_check} ok.
 *
 * <p>The random instants: {@code -Dwaiaas.reliability.randomKills=50} (default 1) spread over the length of one
 * uninterrupted upgrade, measured first; {@code -Dwaiaas.reliability.seed} repeats a run.
 */
@Timeout(600)
class UpgradeCrashIT {
    private static final String CLI = "@waiaas/cli";
    private static final Path PACKAGES =
            Path.of(System.getProperty("waiaas.packages", "target/packages")).toAbsolutePath();
    private static final int ROWS = 300;

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
    }

    @AfterEach
    void tearDown() throws Exception {
        stopEverything();
        registry.close();
    }

    /**
     * Kill the upgrade once the journal shows {@code step} in {@code phase} (VERIFY/DONE: {@code current} already
     * points at N+1, the restart has not begun), then run {@code nextCommand}.
     */
    @ParameterizedTest(name = "killed at {0}/{1}, then {2}")
    @CsvSource({
        "STOP, STARTED, start",
        "BACKUP, STARTED, start",
        "BACKUP, DONE, upgrade",
        "INSTALL, STARTED, upgrade",
        "MIGRATE, STARTED, start",
        "MIGRATE, STARTED, upgrade",
        "VERIFY, DONE, start",
        "RESTART, STARTED, upgrade",
    })
    void aKilledUpgradeIsCompletedOrRolledBackByTheNextCommand(String step, String phase, String nextCommand)
            throws Exception {
        Map<String, String> rows = runningDaemonWithRows(tmp.resolve("data"));
        Process upgrade = image.start("upgrade");
        awaitJournal("\"step\":\"" + step + "\",\"phase\":\"" + phase + "\"", upgrade);
        kill(upgrade);
        assertTrue(Files.exists(journal()), "the journal must survive the kill");
        recoverAndCheck(nextCommand, rows, "killed at " + step + "/" + phase + ", then " + nextCommand);
    }

    /**
     * Kill the upgrade once the journal names the daemon its restart started (it is let go right after the record):
     * the next {@code start -d} must count that daemon, which may still be starting, not start a second one to race
     * it.
     */
    @ParameterizedTest(name = "killed once its restarted daemon was recorded, then {0}")
    @CsvSource({"start", "upgrade"})
    void aDaemonTheKilledUpgradeHadStartedIsCountedNotRaced(String nextCommand) throws Exception {
        Map<String, String> rows = runningDaemonWithRows(tmp.resolve("data"));
        Process upgrade = image.start("upgrade");
        awaitJournal("\"daemonPid\"", upgrade);
        kill(upgrade);
        assertEquals(
                next,
                recoverAndCheck(
                        nextCommand, rows, "killed once its restarted daemon was recorded, then " + nextCommand));
    }

    /** Kills at random instants of an upgrade; the count and the seed come from system properties. */
    @TestFactory
    Stream<DynamicTest> killedAtRandomInstants() {
        int count = Integer.getInteger("waiaas.reliability.randomKills", 1);
        long seed = Long.getLong("waiaas.reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        long[] reference = new long[1];
        return IntStream.rangeClosed(1, count).mapToObj(i -> {
            int permille = random.nextInt(1000);
            String nextCommand = random.nextBoolean() ? "start" : "upgrade";
            String name = "random kill " + i + "/" + count + " at " + permille / 10.0 + " % of an upgrade, then "
                    + nextCommand + " (seed " + seed + ")";
            return DynamicTest.dynamicTest(name, () -> {
                if (reference[0] == 0) {
                    reference[0] = referenceUpgradeMillis();
                }
                stopEverything();
                Map<String, String> rows = runningDaemonWithRows(tmp.resolve("random-" + i));
                Process upgrade = image.start("upgrade");
                boolean finished = upgrade.waitFor(reference[0] * permille / 1000, TimeUnit.MILLISECONDS);
                if (!finished) {
                    kill(upgrade);
                }
                recoverAndCheck(nextCommand, rows, name + (finished ? " (it had finished)" : " (" + lastStep() + ")"));
                deleteTree(dataDir); // two runtimes per crash: 50 of them would fill a small disk
            });
        });
    }

    /**
     * Kills at random instants of a {@code --rollback} that migrates the data down (UPGR-B9), spread over one
     * uninterrupted rollback measured first; the count and the seed are the upgrade's. Then {@code upgrade --rollback}
     * or {@code start}: whatever the kill interrupted, every row written before the upgrade and under N+1 is in the
     * live database afterwards (the way down keeps them), and a daemon serves.
     */
    @TestFactory
    Stream<DynamicTest> rollbackKilledAtRandomInstants() {
        int count = Integer.getInteger("waiaas.reliability.randomKills", 1);
        long seed = Long.getLong("waiaas.reliability.seed", System.nanoTime());
        Random random = new Random(seed ^ 0x5eedL);
        long[] reference = new long[1];
        return IntStream.rangeClosed(1, count).mapToObj(i -> {
            int permille = random.nextInt(1000);
            String nextCommand = random.nextBoolean() ? "start" : "upgrade --rollback";
            String name = "random kill " + i + "/" + count + " at " + permille / 10.0 + " % of a rollback, then "
                    + nextCommand + " (seed " + seed + ")";
            return DynamicTest.dynamicTest(name, () -> {
                if (reference[0] == 0) {
                    reference[0] = referenceRollbackMillis();
                }
                stopEverything();
                Map<String, String> rows = runningDaemonWithRows(tmp.resolve("random-rollback-" + i));
                ImageRunner.Result upgraded = image.run("upgrade");
                assertEquals(0, upgraded.exit(), upgraded.toString());
                Map<String, String> underNext = writeRows("under-next", 50);
                Process rollback = runtime().start("upgrade", "--rollback");
                boolean finished = rollback.waitFor(reference[0] * permille / 1000, TimeUnit.MILLISECONDS);
                if (!finished) {
                    kill(rollback);
                }
                String context = name + (finished ? " (it had finished)" : " (" + lastStep() + ")");
                if (!finished || underWay()) {
                    ImageRunner.Result again = nextCommand.equals("start")
                            ? runtime().run("start", "-d")
                            : runtime().run("upgrade", "--rollback");
                    boolean alreadyRunning = nextCommand.equals("start")
                            && again.exit() == 5
                            && again.err().startsWith("waiaas: waiaas is already running (pid ");
                    assertTrue(again.exit() == 0 || alreadyRunning, context + "\n" + again);
                }
                ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30));
                assertFalse(underWay(), "the journal is resolved: " + context);
                stopEverything();
                Path db = dataDir.resolve("data/waiaas.db");
                assertRowsAndIntegrity(db, rows);
                int kept = presentRows(db, underNext);
                ReliabilityLedger.rowsChecked(underNext.size());
                ReliabilityLedger.rowsLost(underNext.size() - kept);
                assertEquals(underNext.size(), kept, "rows written under " + next + " are gone: " + context);
                report(context, n, rows.size() + underNext.size());
                deleteTree(dataDir);
            });
        });
    }

    /** Time one uninterrupted rollback that migrates down, after an upgrade; the random kills fall inside it. */
    private long referenceRollbackMillis() throws Exception {
        stopEverything();
        Map<String, String> rows = runningDaemonWithRows(tmp.resolve("reference-rollback"));
        assertEquals(0, image.run("upgrade").exit());
        long t0 = System.nanoTime();
        ImageRunner.Result back = runtime().run("upgrade", "--rollback");
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertEquals(0, back.exit(), back.toString());
        assertTrue(back.out().contains("migrating the data down"), back.out());
        stopEverything();
        assertRowsAndIntegrity(dataDir.resolve("data/waiaas.db"), rows);
        System.out.printf("one uninterrupted rollback took %d ms: the random kills fall inside it%n", millis);
        deleteTree(dataDir);
        return millis;
    }

    /**
     * A rollback that keeps the writes (UPGR-B9: N+1's migration has its down script) killed at each of its data
     * points: as it begins on the data (before or while its pre-rollback backup is taken), while N+1's
     * {@code db downgrade} migrates the data down (its backup is published), and once the data is down but the code
     * not yet back. The next command completes it: N serves, every row from before and every row written under N+1
     * is in the live database, and a pre-rollback backup holds them too.
     */
    @ParameterizedTest(name = "rollback killed {0}, then {1}")
    @CsvSource({
        "as it begins on the data, upgrade --rollback",
        "while migrating down, upgrade --rollback",
        "while migrating down, start",
        "with the data down, upgrade --rollback",
    })
    void aRollbackKilledHalfWayIsCompletedByTheNextCommandKeepingEveryWrite(String point, String nextCommand)
            throws Exception {
        Map<String, String> rows = runningDaemonWithRows(tmp.resolve("data"));
        ImageRunner.Result upgraded = image.run("upgrade");
        assertEquals(0, upgraded.exit(), upgraded.toString());
        Map<String, String> underNext = writeRows("under-next", 50);

        Process rollback = runtime().start("upgrade", "--rollback");
        switch (point) {
            case "as it begins on the data" ->
                awaitJournal("\"kind\":\"ROLLBACK\",\"step\":\"MIGRATE\",\"phase\":\"STARTED\"", rollback);
            case "while migrating down" -> awaitPreRollbackBackup(rollback);
            case "with the data down" ->
                awaitJournal("\"kind\":\"ROLLBACK\",\"step\":\"MIGRATE\",\"phase\":\"DONE\"", rollback);
            default -> fail("unknown point " + point);
        }
        assertTrue(readIfExists(journal()).contains("\"downToSchema\":2"), "the rollback migrates down");
        kill(rollback);
        ImageRunner.Result again = nextCommand.equals("start")
                ? runtime().run("start", "-d")
                : runtime().run("upgrade", "--rollback");
        assertEquals(0, again.exit(), again.toString());
        if (!nextCommand.equals("start")) {
            assertTrue(again.out().contains("Rollback complete: " + next + " \u2192 " + n), again.toString());
        }

        assertEquals(
                n,
                ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30))
                        .path("version")
                        .textValue());
        assertFalse(underWay(), "the journal is resolved");
        stopEverything();
        Path db = dataDir.resolve("data/waiaas.db");
        assertRowsAndIntegrity(db, rows);
        assertEquals(underNext.size(), presentRows(db, underNext), "the rows written under " + next + " stay");
        ReliabilityLedger.rowsChecked(underNext.size());
        ReliabilityLedger.rowsLost(underNext.size() - presentRows(db, underNext));
        boolean kept = false;
        try (Stream<Path> backups = Files.list(dataDir.resolve("backups"))) {
            for (Path b : backups.filter(b -> b.getFileName().toString().startsWith("pre-rollback-"))
                    .toList()) {
                kept |= presentRows(b.resolve("waiaas.db"), underNext) == underNext.size();
            }
        }
        assertTrue(kept, "the rows written under " + next + " are in no pre-rollback backup");
        report("rollback killed " + point + ", then " + nextCommand, n, rows.size() + underNext.size());
    }

    /** Wait until the rollback has published its pre-rollback backup: the down migration runs next. */
    private void awaitPreRollbackBackup(Process rollback) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            try (Stream<Path> backups = Files.list(dataDir.resolve("backups"))) {
                if (backups.anyMatch(b -> b.getFileName().toString().startsWith("pre-rollback-")
                        && Files.exists(b.resolve("manifest.json")))) {
                    return;
                }
            }
            assertTrue(rollback.isAlive(), "the rollback ended before its pre-rollback backup was published");
            assertTrue(System.nanoTime() < deadline, "no pre-rollback backup was published");
            Thread.sleep(2);
        }
    }

    @Test
    void aJournalTornByAPowerCutFallsBackToTheStepBefore() throws Exception {
        Map<String, String> rows = runningDaemonWithRows(tmp.resolve("data"));
        Process upgrade = image.start("upgrade");
        awaitJournal("\"step\":\"VERIFY\",\"phase\":\"DONE\"", upgrade);
        kill(upgrade);
        // Power goes out while the record "current now points at N+1" is written: every process of the data dir dies
        // (a daemon the restart may have spawned too), and the journal ends in half of that record although current
        // was already switched. The step before says "not switched": recovery must go back to N.
        for (ProcessHandle p : ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().arguments().map(List::of).orElse(List.of()).contains(dataDir.toString()))
                .toList()) {
            p.destroyForcibly();
            p.onExit().get(30, TimeUnit.SECONDS);
        }
        String text = Files.readString(journal());
        int switched = text.indexOf("\"switched\":true");
        int start = text.lastIndexOf('\n', switched) + 1;
        Files.writeString(journal(), text.substring(0, start + (switched - start) / 2));
        assertEquals(n, recoverAndCheck("start", rows, "journal torn in its switch record, then start"));
    }

    @Test
    void notEnoughDiskSpaceIsRefusedWithExitFiveAndChangesNothing() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        assertEquals(
                0,
                new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", small.toString())
                        .inheritIO()
                        .start()
                        .waitFor(),
                "a tmpfs could not be mounted (this test needs root)");
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
            assertEquals(
                    n,
                    ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30))
                            .path("version")
                            .textValue());
            image.run("stop");
        } finally {
            image.run("stop");
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    // ---- one crash ----

    private Map<String, String> runningDaemonWithRows(Path dir) throws Exception {
        useDataDir(dir);
        ImageRunner.Result started = image.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
        return writeRows("committed", ROWS);
    }

    /** SIGKILL the upgrade, as a power cut or the OOM killer would, and check it left no child of its own behind. */
    private void kill(Process upgrade) throws Exception {
        new ProcessBuilder("/bin/kill", "-9", Long.toString(upgrade.pid()))
                .start()
                .waitFor();
        assertTrue(upgrade.waitFor(30, TimeUnit.SECONDS), "the upgrade survived SIGKILL");
        awaitNoOrphans();
    }

    /**
     * Tell whether the journal records an upgrade or rollback under way: a journal file holding no record (only the
     * blank lines an upgrade reserves before its first record) is none.
     */
    private boolean underWay() throws IOException {
        return readIfExists(journal()).contains("{");
    }

    private void awaitNoOrphans() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> orphans = orphans();
        while (!orphans.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            orphans = orphans();
        }
        assertEquals(List.of(), orphans, "commands of the killed upgrade still run");
    }

    /** Return the command lines of live processes working on this data dir that are not a daemon. */
    private List<String> orphans() {
        String dir = dataDir.toString();
        return ProcessHandle.allProcesses()
                .map(p -> p.info().arguments().map(List::of).orElse(List.of()))
                .filter(args -> args.contains(dir) && !args.contains("start"))
                .map(args -> String.join(" ", args))
                .toList();
    }

    /**
     * Run {@code nextCommand} after a crash and check the promise: a daemon serves N or N+1 (N+1 after an
     * {@code upgrade}), the journal is resolved, every committed row is there and the database is sound. Return the
     * version that served.
     */
    private String recoverAndCheck(String nextCommand, Map<String, String> rows, String name) throws Exception {
        ImageRunner launcher = runtime();
        boolean interrupted = underWay();
        ImageRunner.Result recovered =
                nextCommand.equals("start") ? launcher.run("start", "-d") : launcher.run("upgrade");
        String context = name + "\n" + recovered + "\n--- journal\n" + readIfExists(journal())
                + "\n--- daemon log (tail)\n" + tail(dataDir.resolve("logs/daemon.log"));
        // Whatever the killed upgrade had begun, the next command succeeds: a daemon the killed upgrade had already
        // started is waited for and counted (it was recorded in the journal before it could serve), never raced. The
        // one exit 5 allowed is the spec's "already running" of a start when there was nothing to recover (the kill
        // came before the journal's first record, or after the upgrade had finished): a daemon then serves that the
        // start did not race.
        boolean nothingToRecover = !interrupted
                && nextCommand.equals("start")
                && recovered.exit() == 5
                && recovered.err().startsWith("waiaas: waiaas is already running (pid ");
        assertTrue(recovered.exit() == 0 || nothingToRecover, context);
        JsonNode health;
        try {
            health = ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30));
        } catch (AssertionError e) {
            throw new AssertionError("no daemon serves after: " + context, e);
        }
        String version = health.path("version").textValue();
        assertTrue(version.equals(n) || version.equals(next), version);
        if (nextCommand.equals("upgrade")) {
            assertEquals(next, version, "the next upgrade goes through: " + context);
        }
        assertFalse(underWay(), "the journal is resolved: " + context);
        stopEverything();
        assertRowsAndIntegrity(dataDir.resolve("data/waiaas.db"), rows);
        report(name, version, rows.size());
        return version;
    }

    private static void report(String name, String version, int rows) {
        ReliabilityLedger.crashPoint(name);
        System.out.printf("%s: serving %s, %d rows checked, 0 lost%n", name, version, rows);
    }

    /** Measure one uninterrupted upgrade from a running N (its own data dir), the span the random kills fall in. */
    private long referenceUpgradeMillis() throws Exception {
        Map<String, String> rows = runningDaemonWithRows(tmp.resolve("reference"));
        long t0 = System.nanoTime();
        ImageRunner.Result upgraded = image.run("upgrade");
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertEquals(0, upgraded.exit(), upgraded.toString());
        stopEverything();
        assertRowsAndIntegrity(dataDir.resolve("data/waiaas.db"), rows);
        System.out.printf("one uninterrupted upgrade took %d ms: the random kills fall inside it%n", millis);
        return millis;
    }

    // ---- helpers ----

    private void useDataDir(Path dir) throws IOException {
        dataDir = dir;
        Files.createDirectories(dataDir);
        image = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"" + registry.uri()
                        + "\"\n[install]\nhealth_timeout = 30\n");
    }

    /** The installed side-by-side runtime once an upgrade made one, else the image under test. */
    private ImageRunner runtime() throws IOException {
        return Files.isExecutable(dataDir.resolve("runtime/bin/waiaas")) ? image.installed() : image;
    }

    private void stopEverything() throws Exception {
        if (dataDir != null) {
            image.stopAll();
        }
    }

    private Path journal() {
        return dataDir.resolve("upgrade.journal");
    }

    /** Name the last step the journal recorded, where a kill landed. */
    private String lastStep() {
        Matcher m =
                Pattern.compile("\"step\":\"([A-Z]+)\",\"phase\":\"([A-Z]+)\"").matcher(readIfExists(journal()));
        String last = "before the journal's first record";
        while (m.find()) {
            last = "journal at " + m.group(1) + "/" + m.group(2);
        }
        return last;
    }

    private void awaitJournal(String marker, Process upgrade) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            if (readIfExists(journal()).contains(marker)) {
                return;
            }
            if (!upgrade.isAlive()) {
                // What it said, and what the daemon logged: an ending here is a defect to find, never to retry.
                fail("the command ended before " + marker + ": exit " + upgrade.exitValue()
                        + "\n--- its stdout\n"
                        + new String(upgrade.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        + "\n--- its stderr\n"
                        + new String(upgrade.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                        + "\n--- journal\n" + readIfExists(journal())
                        + "\n--- daemon log (tail)\n" + tail(dataDir.resolve("logs/daemon.log")));
            }
            assertTrue(System.nanoTime() < deadline, "the journal never showed " + marker);
            Thread.sleep(5);
        }
    }

    private static String readIfExists(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return ""; // removed while being read: the journal was just resolved
        }
    }

    private static String tail(Path file) {
        String text = readIfExists(file);
        return text.substring(Math.max(0, text.length() - 3000));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Map<String, String> writeRows(String prefix, int count) {
        Map<String, String> rows = new HashMap<>();
        for (int i = 0; i < count; i++) {
            rows.put(prefix + "." + i, "value-" + i);
        }
        try (SqliteStorage storage = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            storage.keyValueStore().putAll(rows);
        }
        return rows;
    }

    private static void assertRowsAndIntegrity(Path db, Map<String, String> rows) throws Exception {
        assertEquals("ok", SqliteFiles.integrityCheck(db));
        int present = presentRows(db, rows);
        ReliabilityLedger.rowsChecked(rows.size());
        ReliabilityLedger.rowsLost(rows.size() - present);
        assertEquals(rows.size(), present, (rows.size() - present) + " rows lost");
    }

    /** Count the rows of {@code rows} that {@code db} holds with the same value. */
    private static int presentRows(Path db, Map<String, String> rows) {
        Map<String, String> live = SqliteFiles.keyValues(db);
        return (int) rows.entrySet().stream()
                .filter(row -> row.getValue().equals(live.get(row.getKey())))
                .count();
    }
}
