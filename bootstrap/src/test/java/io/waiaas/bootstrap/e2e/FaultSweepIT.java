package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.RegistryKey;
import io.waiaas.application.testkit.ReliabilityLedger;
import io.waiaas.bootstrap.e2e.FaultInjector.Call;
import io.waiaas.bootstrap.e2e.FaultInjector.Errno;
import io.waiaas.bootstrap.e2e.FaultInjector.Fault;
import io.waiaas.bootstrap.e2e.FaultInjector.Kind;
import io.waiaas.bootstrap.e2e.FaultPoints.Point;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * I/O error testing of the five operations that change the data (issue 24), end to end on the runtime image: for
 * {@code backup create}, {@code backup restore}, {@code upgrade}, {@code upgrade --rollback} and the recovery a
 * {@code start -d} makes after an upgrade killed with SIGKILL, fail the I/O calls the operation makes on its data dir
 * (the install root lies inside it here), one at a time, and check the promise after each.
 *
 * <p>The calls are failed with {@link FaultInjector}, an {@code LD_PRELOAD} library (why not {@code strace -e inject}:
 * see there and docs/reliability.md). A fault-free count run of each operation lists its calls; {@link FaultPoints}
 * turns them into points: the fast subset (default, CI: one point per kind of call) or, with
 * {@code -Dwaiaas.faultSweep=full}, every call with every errno that fits (runs of one function on one place reduced
 * to their first and last call).
 *
 * <p>After each point: the database passes {@code integrity_check} and holds every row written before; a daemon serves
 * whenever one served before; a failure exits with the code of the rule (5 before anything changed, 3 or 4 with the
 * manual steps after the daemon was stopped, never 1 with the daemon down; backups: 1 or 5 with the live data
 * untouched) and one line on stderr naming the cause, never a Java exception; the next command without the fault
 * completes or rolls back and leaves nothing half-done behind. Each point is classified not reached, clean, messy or
 * inconsistent and counted into the reliability ledger.
 */
@Timeout(value = 6, unit = TimeUnit.HOURS)
class FaultSweepIT {
    private static final int ROWS = 300;
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    /** strace slows a JVM down many times over: an upgrade under it takes minutes. */
    private static final Duration TRACED_PATIENCE = Duration.ofMinutes(10);

    private static final boolean FULL = "full".equals(System.getProperty("waiaas.faultSweep", "fast"));
    /** A Java exception's class name or a stack frame: never in what an operator reads. */
    private static final Pattern JAVA_NAMES =
            Pattern.compile("\\b(java|javax|jdk|sun|io\\.waiaas)\\.[a-z]+\\.|[A-Za-z]+(Exception|Error)\\b|\\tat ");
    /** What a line must say for each errno. */
    private static final Map<Errno, Pattern> CAUSES = Map.of(
            Errno.ENOSPC, Pattern.compile("disk full at /"),
            Errno.EIO, Pattern.compile("I/O error at /"),
            Errno.EACCES, Pattern.compile("permission denied on /"),
            Errno.EXDEV, Pattern.compile("cannot move /.* to /.*: they are on different file systems"));

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:fault-sweep-it");
    private LoopbackRegistry registry;
    private FaultInjector injector;
    private String n;
    private String next;
    private Path dataDir;
    private Path template;
    private ImageRunner image;
    private int port;
    private final Map<String, Integer> knownSeen = new HashMap<>();
    private final Set<String> knownMatched = new LinkedHashSet<>();

    @BeforeEach
    void setUp() throws Exception {
        n = System.getProperty("waiaas.version");
        next = TestReleases.nextVersion();
        registry = TestReleases.serveReleaseAndNext(n, next, key);
        injector = FaultInjector.build(Path.of("target/faultinject").toAbsolutePath());
        dataDir = tmp.resolve("data");
        template = tmp.resolve("template");
        image = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            stopEverything();
        } finally {
            registry.close();
        }
    }

    // ---- the five operations ----

    @TestFactory
    Stream<DynamicTest> backupCreate() throws Exception {
        return sweep(
                new Operation(
                        "backup create",
                        places(
                                Kind.OPEN, "backups/\\.tmp-\\*/manifest\\.json$",
                                Kind.WRITE, "backups/\\.tmp-\\*/waiaas\\.db$",
                                Kind.FSYNC, "backups/\\.tmp-\\*/waiaas\\.db$",
                                Kind.RENAME, "backups/\\.tmp-\\*$",
                                Kind.MKDIR, "backups/\\.tmp-",
                                Kind.READDIR, "backups$"),
                        true) {
                    @Override
                    Rows prepare() throws Exception {
                        migrate();
                        return new Rows(writeRows("committed", ROWS), Map.of());
                    }

                    @Override
                    ImageRunner.Result run(ImageRunner launcher) throws Exception {
                        return launcher.run("backup", "create");
                    }

                    @Override
                    void checkDone(Check check) throws Exception {
                        check.that(listedBackups().size() == 1, "exit 0 but no new backup is listed");
                        check.backupsSound();
                    }

                    @Override
                    void checkUntouched(Check check) throws Exception {
                        check.that(listedBackups().isEmpty(), "the failed backup is listed");
                    }

                    @Override
                    ImageRunner.Result again() throws Exception {
                        return image.run("backup", "create");
                    }

                    @Override
                    void checkAgain(Check check, ImageRunner.Result first) throws Exception {
                        check.that(!listedBackups().isEmpty(), "the next backup is not listed");
                        check.backupsSound();
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> backupRestore() throws Exception {
        return sweep(
                new Operation(
                        "backup restore",
                        places(
                                Kind.OPEN, "\\.config\\.toml\\.restore-",
                                Kind.WRITE, "data/\\.waiaas\\.db\\.restore-",
                                Kind.FSYNC, "\\.config\\.toml\\.restore-",
                                Kind.RENAME, "data/\\.waiaas\\.db\\.restore-",
                                Kind.READDIR, "backups$",
                                Kind.UNLINK, "data/waiaas\\.db-(wal|shm)$"),
                        false) {

                    @Override
                    Rows prepare() throws Exception {
                        migrate();
                        Map<String, String> before = writeRows("committed", ROWS);
                        ImageRunner.Result created = image.run("backup", "create");
                        assertEquals(0, created.exit(), created.toString());
                        assertEquals(1, listedBackups().size());
                        // Written after the backup: the restore replaces them, and must keep them in a pre-rollback
                        // backup.
                        return new Rows(before, writeRows("after-backup", 50));
                    }

                    @Override
                    ImageRunner.Result run(ImageRunner launcher) throws Exception {
                        return launcher.run("backup", "restore", "latest", "--yes");
                    }

                    @Override
                    void checkDone(Check check) throws Exception {
                        check.that(
                                liveHolds(check.rows.later()) == 0,
                                "exit 0 but the restored database is not the backup's");
                        check.that(
                                keptInABackup(check.rows.later()), "the replaced rows are in no pre-rollback backup");
                        check.backupsSound();
                    }

                    @Override
                    void checkUntouched(Check check) throws Exception {
                        check.that(
                                liveHolds(check.rows.later())
                                        == check.rows.later().size(),
                                "the restore failed but the live database was changed");
                    }

                    @Override
                    ImageRunner.Result again() throws Exception {
                        return image.run("backup", "restore", "latest", "--yes");
                    }

                    @Override
                    void checkAgain(Check check, ImageRunner.Result first) throws Exception {
                        check.that(
                                keptInABackup(check.rows.later()), "the replaced rows are in no pre-rollback backup");
                        check.backupsSound();
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> upgrade() throws Exception {
        return sweep(
                new Operation(
                        "upgrade",
                        places(
                                Kind.WRITE, "upgrade\\.journal$",
                                Kind.FSYNC, "upgrade\\.journal$",
                                Kind.RENAME, "runtime/current\\.tmp$",
                                Kind.READDIR, "backups$"),
                        true) {
                    @Override
                    Rows prepare() throws Exception {
                        migrate();
                        return new Rows(writeRows("committed", ROWS), Map.of());
                    }

                    @Override
                    void before() throws Exception {
                        startDaemon(image);
                    }

                    @Override
                    ImageRunner.Result run(ImageRunner launcher) throws Exception {
                        return launcher.run("upgrade");
                    }

                    @Override
                    void checkDone(Check check) throws Exception {
                        check.serving(next);
                    }

                    @Override
                    void checkRolledBack(Check check) throws Exception {
                        check.serving(n);
                    }

                    @Override
                    ImageRunner.Result again() throws Exception {
                        return runtime().run("upgrade");
                    }

                    @Override
                    void checkAgain(Check check, ImageRunner.Result first) throws Exception {
                        check.serving(next);
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> upgradeRollback() throws Exception {
        return sweep(
                new Operation(
                        "upgrade --rollback",
                        places(
                                Kind.OPEN, "backups/pre-upgrade-",
                                Kind.WRITE, "upgrade\\.journal$",
                                Kind.RENAME, "runtime/current\\.tmp$",
                                Kind.READDIR, "backups$"),
                        true) {
                    @Override
                    Rows prepare() throws Exception {
                        migrate();
                        Map<String, String> before = writeRows("committed", ROWS);
                        startDaemon(image);
                        ImageRunner.Result upgraded = image.run("upgrade");
                        assertEquals(0, upgraded.exit(), upgraded.toString());
                        // Written under N+1: the rollback replaces them, and must keep them in a pre-rollback backup.
                        Map<String, String> later = writeRows("under-next", 50);
                        return new Rows(before, later);
                    }

                    @Override
                    void before() throws Exception {
                        startDaemon(runtime());
                    }

                    @Override
                    ImageRunner.Result run(ImageRunner launcher) throws Exception {
                        return launcher.run("upgrade", "--rollback");
                    }

                    @Override
                    ImageRunner launcher() throws IOException {
                        return runtime();
                    }

                    @Override
                    void checkDone(Check check) throws Exception {
                        check.serving(n);
                        check.that(keptInABackup(check.rows.later()), "the rows written under " + next + " are lost");
                    }

                    @Override
                    void checkRolledBack(Check check) throws Exception {
                        check.serving(next);
                    }

                    @Override
                    ImageRunner.Result again() throws Exception {
                        return runtime().run("upgrade", "--rollback");
                    }

                    @Override
                    void checkAgain(Check check, ImageRunner.Result first) throws Exception {
                        check.serving(n);
                        check.that(keptInABackup(check.rows.later()), "the rows written under " + next + " are lost");
                    }

                    @Override
                    boolean needsAgain(ImageRunner.Result first) {
                        return first.exit() != 0;
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> startAfterAKilledUpgrade() throws Exception {
        return sweep(
                new Operation(
                        "start recovery",
                        places(
                                Kind.OPEN, "upgrade\\.journal$",
                                Kind.FSYNC, "runtime$",
                                Kind.RENAME, "runtime/current\\.tmp$",
                                Kind.READDIR, "runtime/versions$"),
                        false) {
                    @Override
                    Rows prepare() throws Exception {
                        migrate();
                        Map<String, String> before = writeRows("committed", ROWS);
                        startDaemon(image);
                        Process upgrade = image.start("upgrade");
                        awaitJournal("\"step\":\"MIGRATE\",\"phase\":\"STARTED\"", upgrade);
                        upgrade.destroyForcibly();
                        assertTrue(upgrade.waitFor(30, TimeUnit.SECONDS), "the upgrade survived SIGKILL");
                        awaitNoOtherProcesses();
                        assertTrue(Files.exists(journal()), "the journal must survive the kill");
                        return new Rows(before, Map.of());
                    }

                    @Override
                    ImageRunner launcher() throws IOException {
                        return runtime();
                    }

                    @Override
                    ImageRunner.Result run(ImageRunner launcher) throws Exception {
                        return launcher.run("start", "-d");
                    }

                    @Override
                    Optional<ImageRunner.Result> runTraced(ImageRunner launcher) {
                        return Optional.empty();
                    }

                    @Override
                    boolean servedBefore() {
                        return true; // it served until the killed upgrade stopped it: start must bring it back
                    }

                    @Override
                    void checkDone(Check check) throws Exception {
                        check.servingAny();
                    }

                    @Override
                    ImageRunner.Result again() throws Exception {
                        return runtime().run("start", "-d");
                    }

                    @Override
                    void checkAgain(Check check, ImageRunner.Result first) throws Exception {
                        check.servingAny();
                    }

                    @Override
                    boolean againOk(ImageRunner.Result r) {
                        return r.exit() == 0 || r.exit() == 5 && r.err().contains("already running");
                    }
                });
    }

    // ---- the sweep ----

    /** What one operation needs: its scene, its command and what done, rolled back and untouched mean for it. */
    private abstract class Operation {
        final String name;
        final Map<Kind, Pattern> representative;
        final boolean daemonBefore;

        Operation(String name, Map<Kind, Pattern> representative, boolean daemonBefore) {
            this.name = name;
            this.representative = new EnumMap<>(Kind.class);
            this.representative.putAll(representative);
            this.daemonBefore = daemonBefore;
        }

        /** Make the scene in the (empty) data dir, the daemon stopped at the end; return the rows written. */
        abstract Rows prepare() throws Exception;

        /** Set up what runs before the operation, on a fresh copy of the scene (e.g. start the daemon). */
        void before() throws Exception {
            if (daemonBefore) {
                startDaemon(image);
            }
        }

        boolean servedBefore() {
            return daemonBefore;
        }

        ImageRunner launcher() throws IOException {
            return image;
        }

        abstract ImageRunner.Result run(ImageRunner launcher) throws Exception;

        /**
         * Run the operation under strace for the cross-check, or return empty when it cannot be: strace waits for
         * every process it traces, and a daemon the operation starts never ends (so an upgrade is traced with
         * {@code --no-start}, and start-time recovery not at all).
         */
        Optional<ImageRunner.Result> runTraced(ImageRunner launcher) throws Exception {
            return Optional.of(run(launcher));
        }

        /** Check that an operation that exited 0 did all of its work. */
        abstract void checkDone(Check check) throws Exception;

        /** Check that an upgrade or rollback that exited 3 put the old state back. */
        void checkRolledBack(Check check) throws Exception {
            check.that(false, "exit 3 is an upgrade's, not " + name + "'s");
        }

        /** Check that an operation that exited 1 or 5 left the live data as it was. */
        void checkUntouched(Check check) throws Exception {}

        abstract ImageRunner.Result again() throws Exception;

        abstract void checkAgain(Check check, ImageRunner.Result first) throws Exception;

        boolean needsAgain(ImageRunner.Result first) {
            return true;
        }

        boolean againOk(ImageRunner.Result r) {
            return r.exit() == 0;
        }
    }

    /** The rows written before the operation: those the live database must keep, and those it may hand to a backup. */
    private record Rows(Map<String, String> kept, Map<String, String> later) {
        int size() {
            return kept.size() + later.size();
        }
    }

    private Stream<DynamicTest> sweep(Operation operation) throws Exception {
        Rows rows = operation.prepare();
        stopEverything();
        copyTree(dataDir, template);

        // The count run: the operation without a fault lists the calls it makes on the data dir.
        restoreScene();
        operation.before();
        List<Call> calls;
        ImageRunner.Result counted;
        try (FaultInjector.Session session =
                injector.session(tmp.resolve("faults"), List.of(dataDir), Optional.empty())) {
            counted = operation.run(operation.launcher().withEnv(session.env()));
            session.close();
            calls = session.calls();
            session.deleteLog();
        }
        assertEquals(0, counted.exit(), "the count run of " + operation.name + " failed: " + counted);
        stopEverything();
        Map<Kind, Long> perKind = new EnumMap<>(Kind.class);
        calls.forEach(c -> perKind.merge(c.kind(), 1L, Long::sum));
        System.out.printf(
                "fault sweep: %s makes %d calls on the data dir: %s%n", operation.name, calls.size(), perKind);
        saveCalls(operation.name, calls);

        List<Point> all =
                FULL ? FaultPoints.full(dataDir, calls) : FaultPoints.fast(dataDir, calls, operation.representative);
        // -Dwaiaas.faultSweep.only=REGEX runs only the points whose case name ("backup create write#9 ENOSPC ...")
        // it finds, e.g. to check one finding again.
        Pattern only = Pattern.compile(System.getProperty("waiaas.faultSweep.only", ""));
        List<Point> points = all.stream()
                .filter(p -> only.matcher(operation.name + " " + p.name()).find())
                .toList();
        List<DynamicTest> tests = new ArrayList<>();
        // Under strace an upgrade takes minutes: the fast run cross-checks the backup operations only.
        if (FULL || operation.name.startsWith("backup")) {
            tests.add(DynamicTest.dynamicTest(
                    operation.name + ": the injector counts every call strace sees", () -> crossCheck(operation)));
        }
        for (Point point : points) {
            String pointName = point.name();
            Optional<KnownFaultDefects.Defect> known = KnownFaultDefects.covering(operation.name, pointName);
            tests.add(DynamicTest.dynamicTest(
                    operation.name + " " + pointName, () -> runPoint(operation, point, rows, known)));
        }
        tests.add(DynamicTest.dynamicTest(operation.name + ": every known defect still seen", () -> {
            for (KnownFaultDefects.Defect defect : KnownFaultDefects.DEFECTS) {
                String key = defect.operation() + " " + defect.point();
                if (defect.operation().equals(operation.name) && knownMatched.contains(key)) {
                    assertTrue(
                            knownSeen.getOrDefault(key, 0) > 0,
                            "known defect no longer seen, remove it from KnownFaultDefects: " + defect);
                }
            }
        }));
        return tests.stream();
    }

    /**
     * Run the operation once under strace and the injector together, and check that the injector counted every
     * system call of the kinds it fails that the kernel saw on the data dir. Opens and listings are compared where
     * every process runs from outside the data dir (the injector leaves a version's loading of its own program out).
     */
    private void crossCheck(Operation operation) throws Exception {
        Path strace = StraceCount.strace()
                .orElseThrow(() -> new AssertionError(
                        "strace is not installed (apt-get install strace; reliability/run and .ci/run install it)"));
        restoreScene();
        operation.before();
        Path traces = Files.createDirectories(tmp.resolve("strace"));
        Optional<ImageRunner.Result> traced;
        List<Call> calls;
        try (FaultInjector.Session session =
                injector.session(tmp.resolve("faults"), List.of(dataDir), Optional.empty())) {
            traced = operation.runTraced(
                    operation.launcher().withEnv(session.env()).wrappedIn(StraceCount.command(strace, traces)));
            session.close();
            calls = session.calls();
            session.deleteLog();
        }
        if (traced.isEmpty()) {
            System.out.println("strace cross-check: " + operation.name + " starts a daemon strace would wait for;"
                    + " not traced");
            return;
        }
        assertEquals(0, traced.get().exit(), "the traced run failed: " + traced.get());
        StraceCount.Counts kernel = StraceCount.count(traces, dataDir);
        deleteTree(traces);
        stopEverything();
        Map<Kind, Long> library = new EnumMap<>(Kind.class);
        List<String> listed = new ArrayList<>();
        for (Call call : calls) {
            if (call.kind() == Kind.READDIR) {
                if (!listed.contains(call.path())) {
                    listed.add(call.path());
                }
            } else {
                library.merge(call.kind(), 1L, Long::sum);
            }
        }
        boolean ownProgramInside = !operation.launcher().equals(image) || operation.name.startsWith("upgrade");
        for (Kind kind : Kind.values()) {
            if (kind == Kind.READDIR || kind == Kind.OPEN && ownProgramInside) {
                continue;
            }
            assertEquals(
                    kernel.calls().getOrDefault(kind, 0L),
                    library.getOrDefault(kind, 0L),
                    kind.label + " calls on the data dir: strace saw " + kernel.calls() + ", the injector " + library);
        }
        if (!ownProgramInside) {
            assertEquals(
                    kernel.listed().stream().sorted().toList(),
                    listed.stream().sorted().toList(),
                    "directories listed");
        }
        System.out.printf(
                "strace cross-check: %s: strace saw %s and listings of %d directories; the injector %s%n",
                operation.name, kernel.calls(), kernel.listed().size(), library);
    }

    private void runPoint(Operation operation, Point point, Rows rows, Optional<KnownFaultDefects.Defect> known)
            throws Exception {
        String name = operation.name + " " + point.name();
        restoreScene();
        operation.before();
        Map<String, String> liveBefore = SqliteFiles.keyValues(db());
        String configBefore = Files.readString(dataDir.resolve("config.toml"));

        ImageRunner.Result r;
        boolean fired;
        String firedCall;
        try (FaultInjector.Session session = injector.session(
                tmp.resolve("faults"),
                List.of(dataDir),
                Optional.of(new Fault(point.kind(), point.n(), point.errno())))) {
            r = operation.run(operation.launcher().withEnv(session.env()));
            session.close();
            fired = session.fired();
            firedCall = session.firedCall();
            session.deleteLog();
        }
        Check check = new Check(operation, point, rows, r);
        if (!fired) {
            check.that(r.exit() == 0, "the fault was not reached, yet the operation failed");
        } else {
            check.afterFault(liveBefore, configBefore, firedCall.substring(firedCall.indexOf(' ') + 1));
        }
        // The next command, without the fault.
        if (operation.needsAgain(r)) {
            ImageRunner.Result again = operation.again();
            check.that(operation.againOk(again), "the next " + operation.name + " without the fault failed: " + again);
            if (operation.againOk(again)) {
                operation.checkAgain(check, r);
            }
        }
        check.noLeftovers();
        stopEverything();
        check.rowsAndIntegrity();

        String outcome = check.outcome(fired);
        boolean knownMessy = known.isPresent() && outcome.equals("messy");
        if (known.isPresent()) {
            String key = known.get().operation() + " " + known.get().point();
            knownMatched.add(key);
            if (knownMessy) {
                knownSeen.merge(key, 1, Integer::sum);
            }
        }
        String line = String.join(
                " | ",
                name,
                outcome + (knownMessy ? " (known)" : ""),
                "exit " + r.exit(),
                mainLine(r.err()),
                String.join("; ", check.problems));
        ReliabilityLedger.faultPoint(line);
        System.out.println("fault point: " + line + (fired ? "" : " (not reached)") + " [" + firedCall + "]");
        assertEquals(List.of(), check.inconsistencies, name + ": " + r);
        assertEquals(0, check.lost, name + ": rows lost");
        if (!knownMessy) {
            assertEquals(List.of(), check.problems, name + ": " + r);
        }
    }

    /** The checks of one point: what they found. */
    private final class Check {
        final Operation operation;
        final Point point;
        final Rows rows;
        final ImageRunner.Result result;
        final List<String> problems = new ArrayList<>();
        final List<String> inconsistencies = new ArrayList<>();
        long lost;

        Check(Operation operation, Point point, Rows rows, ImageRunner.Result result) {
            this.operation = operation;
            this.point = point;
            this.rows = rows;
            this.result = result;
        }

        void that(boolean condition, String problem) {
            if (!condition) {
                problems.add(problem);
            }
        }

        /** Check the exit code, the line and the state right after the faulted run. */
        void afterFault(Map<String, String> liveBefore, String configBefore, String firedPath) throws Exception {
            int exit = result.exit();
            List<String> lines = result.err().lines().filter(l -> !l.isBlank()).toList();
            that(
                    lines.stream().noneMatch(l -> JAVA_NAMES.matcher(l).find()),
                    "stderr names a Java class: "
                            + lines.stream()
                                    .filter(l -> JAVA_NAMES.matcher(l).find())
                                    .findFirst()
                                    .orElse(""));
            if (exit == 0) {
                operation.checkDone(this);
                return;
            }
            // The line that says what went wrong: the last one, or the one before exit 4's manual steps. Only start may
            // say before it what it found (an interrupted upgrade) and what it did about it.
            int steps = lines.indexOf("To recover by hand:");
            List<String> said = steps < 0 ? lines : lines.subList(0, steps);
            String line = said.isEmpty() ? "" : said.get(said.size() - 1);
            if (exit == 4) {
                that(
                        steps >= 0 && lines.stream().anyMatch(l -> l.matches("\\s+1\\. .*")),
                        "exit 4 without numbered manual steps");
            }
            that(
                    said.size() == 1 || operation.name.startsWith("start") && !said.isEmpty(),
                    "not exactly one line on stderr: " + said.size() + " lines");
            that(CAUSES.get(point.errno()).matcher(line).find(), "the line does not name the cause: " + line);
            // The file named is the one that failed (SQLite names its database for a failure in its log or index).
            String failed = firedPath.replaceAll("-(wal|shm|journal)$", "");
            that(line.contains(failed), "the line does not name the file that failed (" + firedPath + "): " + line);
            boolean upgradeLike = operation.name.startsWith("upgrade");
            switch (exit) {
                case 3 -> {
                    that(upgradeLike, "exit 3 from " + operation.name);
                    operation.checkRolledBack(this);
                }
                case 4 -> that(upgradeLike || operation.name.startsWith("start"), "exit 4 from " + operation.name);
                case 5 -> {
                    untouched(liveBefore, configBefore);
                    if (operation.servedBefore() && operation.daemonBefore) {
                        servingAny();
                    }
                }
                case 1 -> {
                    if (upgradeLike) {
                        that(
                                false,
                                "exit 1 from an upgrade: an I/O error must refuse (5) before the stop, or end"
                                        + " in 3 or 4 after it" + (serves() ? "" : ", and the daemon is down"));
                    } else {
                        untouched(liveBefore, configBefore);
                        if (operation.daemonBefore) {
                            servingAny();
                        }
                    }
                }
                default -> that(false, "exit " + exit + " is not an outcome of " + operation.name);
            }
        }

        private void untouched(Map<String, String> liveBefore, String configBefore) throws Exception {
            that(SqliteFiles.keyValues(db()).equals(liveBefore), "the live database changed");
            that(Files.readString(dataDir.resolve("config.toml")).equals(configBefore), "config.toml changed");
            operation.checkUntouched(this);
        }

        void serving(String version) throws Exception {
            Optional<String> served = servedVersion();
            that(served.isPresent(), "no daemon serves (" + version + " should)");
            served.ifPresent(v -> that(v.equals(version), v + " serves, not " + version));
            that(!Files.exists(journal()), "the upgrade journal is left unresolved");
        }

        void servingAny() throws Exception {
            that(servedVersion().isPresent(), "no daemon serves");
            that(!Files.exists(journal()), "the upgrade journal is left unresolved");
        }

        boolean serves() throws Exception {
            return servedVersion().isPresent();
        }

        void backupsSound() throws Exception {
            for (String id : listedBackups()) {
                Path backup = dataDir.resolve("backups").resolve(id);
                try {
                    BackupDirs.assertManifestValid(backup);
                    if (Files.exists(backup.resolve("waiaas.db"))) {
                        String integrity = SqliteFiles.integrityCheck(backup.resolve("waiaas.db"));
                        if (!"ok".equals(integrity)) {
                            inconsistencies.add("listed backup " + id + ": " + integrity);
                        }
                    }
                } catch (AssertionError | RuntimeException e) {
                    inconsistencies.add("listed backup " + id + " is not sound: " + e.getMessage());
                }
            }
        }

        /** Nothing half-done is left once the next command ran: no staging dirs, no staged files. */
        void noLeftovers() throws IOException {
            for (Path dir : List.of(dataDir.resolve("backups"), dataDir.resolve("data"), dataDir)) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> entries = Files.list(dir)) {
                    List<String> left = entries.map(p -> p.getFileName().toString())
                            .filter(f -> f.startsWith(".") && !f.equals(".install.lock") && !f.endsWith(".lock"))
                            .filter(f -> !f.equals(".last-update-notify"))
                            .toList();
                    that(left.isEmpty(), "left behind in " + dataDir.relativize(dir) + ": " + left);
                }
            }
        }

        void rowsAndIntegrity() throws Exception {
            String integrity = SqliteFiles.integrityCheck(db());
            if (!"ok".equals(integrity)) {
                inconsistencies.add("integrity_check: " + integrity);
            }
            Map<String, String> live = SqliteFiles.keyValues(db());
            long missing = rows.kept().entrySet().stream()
                    .filter(row -> !row.getValue().equals(live.get(row.getKey())))
                    .count();
            // Rows written after the scene's backup live on in the live database or in a pre-rollback backup.
            if (!rows.later().isEmpty()
                    && liveHolds(rows.later()) < rows.later().size()
                    && !keptInABackup(rows.later())) {
                missing += rows.later().size() - liveHolds(rows.later());
            }
            lost = missing;
            ReliabilityLedger.rowsChecked(rows.size());
            ReliabilityLedger.rowsLost(lost);
        }

        String outcome(boolean fired) {
            if (!inconsistencies.isEmpty() || lost > 0) {
                return "inconsistent";
            }
            if (!fired) {
                return "not reached";
            }
            return problems.isEmpty() ? "clean" : "messy";
        }
    }

    // ---- the scene ----

    private void migrate() throws Exception {
        Files.createDirectories(dataDir);
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"" + registry.uri()
                        + "\"\n[install]\nhealth_timeout = 30\n");
        ImageRunner.Result migrated = image.run("db", "migrate");
        assertEquals(0, migrated.exit(), migrated.toString());
    }

    private void startDaemon(ImageRunner launcher) throws Exception {
        ImageRunner.Result started = launcher.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
    }

    /** Return the representative place of each kind of call in the fast subset: kind, pattern, kind, pattern... */
    private static Map<Kind, Pattern> places(Object... kindsAndPatterns) {
        Map<Kind, Pattern> places = new EnumMap<>(Kind.class);
        for (int i = 0; i < kindsAndPatterns.length; i += 2) {
            places.put((Kind) kindsAndPatterns[i], Pattern.compile((String) kindsAndPatterns[i + 1]));
        }
        return places;
    }

    /** Put the scene back in the data dir, exactly as it was made, at the same absolute path. */
    private void restoreScene() throws Exception {
        stopEverything();
        deleteTree(dataDir);
        copyTree(template, dataDir);
    }

    private Optional<String> servedVersion() throws Exception {
        try {
            // A command that started a daemon returned once it answered: a short wait is enough.
            return Optional.of(ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(3))
                    .path("version")
                    .textValue());
        } catch (AssertionError none) {
            return Optional.empty();
        }
    }

    private List<String> listedBackups() throws Exception {
        ImageRunner.Result listed = image.run("backup", "list", "--json");
        assertEquals(0, listed.exit(), listed.toString());
        return BackupDirs.ids(listed.out());
    }

    /** Count the rows of {@code rows} that the live database holds with the same value. */
    private int liveHolds(Map<String, String> rows) {
        Map<String, String> live = SqliteFiles.keyValues(db());
        return (int) rows.entrySet().stream()
                .filter(row -> row.getValue().equals(live.get(row.getKey())))
                .count();
    }

    /** Tell whether some backup holds every row of {@code rows}. */
    private boolean keptInABackup(Map<String, String> rows) throws IOException {
        Path backups = dataDir.resolve("backups");
        if (!Files.isDirectory(backups)) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(backups)) {
            for (Path dir : dirs.filter(d -> !d.getFileName().toString().startsWith("."))
                    .toList()) {
                Path copy = dir.resolve("waiaas.db");
                if (Files.isRegularFile(copy)) {
                    Map<String, String> held = SqliteFiles.keyValues(copy);
                    if (rows.entrySet().stream().allMatch(row -> row.getValue().equals(held.get(row.getKey())))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Path db() {
        return dataDir.resolve("data/waiaas.db");
    }

    private Path journal() {
        return dataDir.resolve("upgrade.journal");
    }

    /** The installed side-by-side runtime once an upgrade made one, else the image under test. */
    private ImageRunner runtime() throws IOException {
        return Files.isExecutable(dataDir.resolve("runtime/bin/waiaas")) ? image.installed() : image;
    }

    private void stopEverything() throws Exception {
        if (Files.isDirectory(dataDir)) {
            image.stopAll();
        }
    }

    private Map<String, String> writeRows(String prefix, int count) {
        Map<String, String> rows = new HashMap<>();
        for (int i = 0; i < count; i++) {
            rows.put(prefix + "." + i, "value-" + i);
        }
        try (SqliteStorage storage = SqliteStorage.open(db(), InstantSource.system())) {
            storage.keyValueStore().putAll(rows);
        }
        return rows;
    }

    private void awaitJournal(String marker, Process upgrade) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!readIfExists(journal()).contains(marker)) {
            assertTrue(upgrade.isAlive(), "the upgrade ended before " + marker);
            assertTrue(System.nanoTime() < deadline, "the journal never showed " + marker);
            Thread.sleep(5);
        }
    }

    /** Wait until no process but a daemon works on the data dir (a killed upgrade's children die with it). */
    private void awaitNoOtherProcesses() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String dir = dataDir.toString();
        while (System.nanoTime() < deadline) {
            boolean busy = ProcessHandle.allProcesses()
                    .map(p -> p.info().arguments().map(List::of).orElse(List.of()))
                    .anyMatch(args -> args.contains(dir) && !args.contains("start"));
            if (!busy) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("commands of the killed upgrade still run");
    }

    private static String readIfExists(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Keep the count run's calls in target/fault-sweep/ (kind, n, site, pid), for the table of docs/reliability.md. */
    private void saveCalls(String operation, List<Call> calls) throws IOException {
        Path dir = Files.createDirectories(Path.of("target/fault-sweep"));
        List<String> lines = calls.stream()
                .map(c -> c.kind().label + "\t" + c.n() + "\t" + FaultPoints.site(dataDir, c) + "\t" + c.pid())
                .toList();
        Files.write(dir.resolve(operation.replaceAll("[^a-z]+", "-") + ".calls.tsv"), lines);
    }

    /** Return the line of stderr that says what went wrong: the last, or the one before exit 4's manual steps. */
    private static String mainLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        int steps = lines.indexOf("To recover by hand:");
        List<String> said = steps < 0 ? lines : lines.subList(0, steps);
        return said.isEmpty() ? "" : said.get(said.size() - 1);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Process cp = new ProcessBuilder("cp", "-a", from.toString(), to.toString())
                .inheritIO()
                .start();
        assertTrue(cp.waitFor(120, TimeUnit.SECONDS) && cp.exitValue() == 0, "cp -a " + from + " " + to);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
