package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.host.testkit.LockHolder;
import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.RegistryKey;
import io.waiaas.application.testkit.ReliabilityLedger;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults around backups, the database and upgrades (FLTS-01), end to end on the runtime image: a daemon or a backup
 * killed with SIGKILL half-way through {@code backup create}, a disk that fills up under a backup and under an
 * upgrade's install, a read-only backups directory, a database another process holds for itself, and {@code start}
 * while an upgrade runs. Real processes, real files, real mounts (tmpfs; the tests run as root), loopback only.
 *
 * <p>Each refusal or failure must be one clear line on stderr with the exit code of CMDS-03, and must leave every
 * committed row in a database that passes {@code integrity_check}; where nothing may change and no daemon writes,
 * the database file keeps its SHA-256. A second upgrade during an upgrade is {@code UpgradeIT}'s.
 */
@Timeout(300)
class FaultIT {
    private static final int ROWS = 300;
    private static final long MIB = 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:fault-it");
    private final List<Path> mounts = new ArrayList<>();
    private final List<LockHolder> holders = new ArrayList<>();
    private LoopbackRegistry registry;
    private String n;
    private String next;
    private Path dataDir;
    private Path installRoot;
    private ImageRunner image;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        n = System.getProperty("waiaas.version");
        next = TestReleases.nextVersion();
        registry = TestReleases.serveReleaseAndNext(n, next, key);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            holders.forEach(LockHolder::crash);
            stopEverything();
        } finally {
            for (Path mount : mounts.reversed()) {
                unmount(mount);
            }
            registry.close();
        }
    }

    // ---- SIGKILL during a backup ----

    /** Kill the daemon, or the backup command itself, once the backup's copy of the database is being written. */
    @ParameterizedTest(name = "{0} killed during backup create")
    @ValueSource(strings = {"daemon", "backup"})
    void aKillDuringABackupLosesNoRowAndLeavesNoHalfBackupListed(String killed) throws Exception {
        useDataDir(tmp.resolve("data"), Optional.empty());
        assertEquals(0, image.run("start", "-d").exit());
        // Rows of 100 KB: a 30 MB database keeps the backup's copy, check and hash busy long enough to be caught.
        Map<String, String> rows = writeRows(ROWS, 100_000);
        long daemonPid =
                Long.parseLong(Files.readString(dataDir.resolve("daemon.pid")).strip());

        Process backup = image.start("backup", "create");
        await(
                "the backup's copy of the database",
                backup,
                () -> !copiesInProgress().isEmpty());
        kill(killed.equals("daemon") ? daemonPid : backup.pid());
        ImageRunner.Result created = ImageRunner.finish(backup, "waiaas backup create");

        List<String> listed =
                BackupDirs.ids(image.run("backup", "list", "--json").out());
        if (killed.equals("daemon")) {
            assertEquals(0, created.exit(), "the backup does not need the daemon: " + created);
            assertEquals(1, listed.size(), listed.toString());
        } else {
            assertEquals(137, created.exit(), "killed by SIGKILL: " + created);
            assertEquals(List.of(), listed, "the killed backup is listed");
        }
        assertListedBackupsSound(listed);

        ImageRunner.Result again = image.run("backup", "create");
        assertEquals(0, again.exit(), "a new backup after the kill: " + again);
        List<String> after =
                BackupDirs.ids(image.run("backup", "list", "--json").out());
        assertEquals(listed.size() + 1, after.size(), after.toString());
        assertListedBackupsSound(after);
        assertEquals(
                List.of(),
                BackupDirs.hidden(dataDir.resolve("backups")),
                "what the killed backup left half-done is still there after the next backup");
        if (killed.equals("daemon")) {
            ImageRunner.Result restarted = image.run("start", "-d");
            assertEquals(0, restarted.exit(), "the daemon starts again after SIGKILL: " + restarted);
        }
        stopEverything();
        report(killed + " killed during backup create", "new backup ok", assertRowsAndIntegrity(rows));
    }

    // ---- a full disk ----

    @Test
    void aDiskThatFillsUpUnderABackupFailsInOneLineAndLeavesNoPartOfIt() throws Exception {
        Path small = mountTmpfs(tmp.resolve("small"), "20m");
        useDataDir(small.resolve("data"), Optional.empty());
        assertEquals(0, image.run("db", "migrate").exit());
        // A 12 MB database on a 20 MB disk: its copy cannot fit.
        Map<String, String> rows = writeRows(ROWS, 40_000);
        String sha = SqliteFiles.sha256(db());

        ImageRunner.Result r = image.run("backup", "create");

        assertEquals(1, r.exit(), r.toString());
        assertOneLine(r, "disk full at /");
        assertEquals(sha, SqliteFiles.sha256(db()), "the live database changed");
        assertEquals(
                List.of(), BackupDirs.ids(image.run("backup", "list", "--json").out()));
        assertEquals(List.of(), BackupDirs.hidden(dataDir.resolve("backups")), "the partial backup was left");
        int checked = assertRowsAndIntegrity(rows);

        remount(small, "size=64m");
        ImageRunner.Result roomy = image.run("backup", "create");
        assertEquals(0, roomy.exit(), "once there is room: " + roomy);
        assertListedBackupsSound(
                BackupDirs.ids(image.run("backup", "list", "--json").out()));
        report("disk full during backup create", "exit 1", checked);
    }

    /**
     * The install root is a tmpfs with room for what the preflight asks (exit 5 below that); the test fills it once the
     * journal shows the upgrade past its preflight, leaving room for the adopted image and the download but not for
     * unpacking the new version. Filling it at one exact instant of the unpacking cannot be timed; filling it between
     * the preflight and the install can: the daemon is held (SIGSTOP) meanwhile, so the upgrade's step 2, which waits
     * for it to exit, cannot end before the disk is full.
     */
    @Test
    void aDiskThatFillsUpUnderTheInstallIsRolledBackAndNServesOn() throws Exception {
        Path root = tmp.resolve("install");
        useDataDir(tmp.resolve("data"), Optional.of(root));
        long imageBytes = treeSize(image.image());
        long tarballBytes = Files.size(TestReleases.testPackage(next, ""));
        mountTmpfs(root, (2 * imageBytes + tarballBytes) / MIB + 64 + "m");
        assertEquals(0, image.run("start", "-d").exit());
        long daemonPid =
                Long.parseLong(Files.readString(dataDir.resolve("daemon.pid")).strip());
        Map<String, String> rows = writeRows(ROWS, 100);

        // Held before the upgrade starts (its preflight asks only whether the daemon's process lives): held once step 2
        // is under way, the daemon could already have ended on the SIGTERM step 2 sends at once.
        assertEquals(0, system("/bin/kill", "-STOP", Long.toString(daemonPid)), "the daemon is gone");
        Process upgrade = image.start("upgrade");
        try {
            await(
                    "the upgrade past its preflight",
                    upgrade,
                    () -> readIfExists(journal()).contains("\"STOP\""));
            fill(
                    root.resolve("filler"),
                    Files.getFileStore(root).getUsableSpace() - imageBytes - tarballBytes - 16 * MIB);
        } finally {
            system("/bin/kill", "-CONT", Long.toString(daemonPid));
        }
        assertFalse(readIfExists(journal()).contains("\"INSTALL\""), "the install began before the disk was full");
        ImageRunner.Result r = ImageRunner.finish(upgrade, "waiaas upgrade", PATIENCE);

        assertEquals(3, r.exit(), r.toString());
        assertOneLine(
                r,
                "step 4 \\(install\\).*(No space left on device|disk full at /).*rolled back to "
                        + n.replace(".", "\\."));
        assertEquals(
                n,
                ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30))
                        .path("version")
                        .textValue());
        assertEquals(
                root.toRealPath().resolve("versions").resolve(n),
                root.resolve("current").toRealPath(),
                "current");
        try (Stream<Path> versions = Files.list(root.resolve("versions"))) {
            assertEquals(
                    List.of(n),
                    versions.map(p -> p.getFileName().toString()).toList(),
                    "a half-installed version was left");
        }
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(
                    List.of(),
                    entries.map(p -> p.getFileName().toString())
                            .filter(name -> !List.of("bin", "current", "versions", "filler", ".install.lock")
                                    .contains(name))
                            .toList(),
                    "the half-done install left files in the install root");
        }
        assertFalse(Files.exists(journal()), "the journal is resolved");
        stopEverything();
        report("disk full during upgrade install", "exit 3, serving " + n, assertRowsAndIntegrity(rows));
    }

    // ---- a read-only backups directory ----

    /** A read-only mount on {@code backups}: root's writes are refused there whatever the permissions say. */
    @ParameterizedTest(name = "read-only backups dir: {0} exits {1}")
    @CsvSource({
        "backup create, 1, read-only file system at /",
        "db migrate, 1, read-only file system at /",
        "upgrade, 5, backups is not writable",
    })
    void aReadOnlyBackupsDirIsOneLineAndChangesNothing(String command, int exit, String cause) throws Exception {
        useDataDir(tmp.resolve("data"), Optional.empty());
        assertEquals(0, image.run("db", "migrate").exit());
        Map<String, String> rows = writeRows(ROWS, 100);
        if (command.equals("db migrate")) {
            SqliteFiles.undoNewestMigration(db()); // a migration to do, which needs its pre-migration backup first
        }
        // Room enough for any backup: only the read-only mount may stop it.
        Path backups = mountTmpfs(dataDir.resolve("backups"), "64m");
        remount(backups, "ro");
        String sha = SqliteFiles.sha256(db());

        ImageRunner.Result r = image.run(command.split(" "));

        assertEquals(exit, r.exit(), r.toString());
        assertOneLine(r, cause);
        assertNothingChanged(sha);
        report("read-only backups dir, " + command, "exit " + exit, assertRowsAndIntegrity(rows));
    }

    // ---- a database another process holds ----

    @ParameterizedTest(name = "database locked by another process: {0} exits {1}")
    @CsvSource({
        "backup create, 1",
        "db migrate, 1",
        "upgrade, 1",
    })
    void aDatabaseLockedByAnotherProcessIsOneLineWithinTheBusyTimeoutAndChangesNothing(String command, int exit)
            throws Exception {
        useDataDir(tmp.resolve("data"), Optional.empty());
        assertEquals(0, image.run("db", "migrate").exit());
        Map<String, String> rows = writeRows(ROWS, 100);
        if (command.equals("db migrate")) {
            SqliteFiles.undoNewestMigration(db());
        }
        String sha = SqliteFiles.sha256(db());
        LockHolder holder = LockHolder.holdDatabase(db()).orElseThrow();
        holders.add(holder);

        long t0 = System.nanoTime();
        ImageRunner.Result r = image.run(command.split(" "));
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();

        assertEquals(exit, r.exit(), r.toString());
        assertOneLine(r, "locked by another process");
        holder.release();
        holders.remove(holder);
        assertNothingChanged(sha);
        report(
                "database locked by another process, " + command,
                "exit " + exit + " after " + millis + " ms",
                assertRowsAndIntegrity(rows));
    }

    // ---- start while an upgrade runs ----

    @Test
    void startDuringAnUpgradeIsRefusedAndTheUpgradeCompletesUndisturbed() throws Exception {
        useDataDir(tmp.resolve("data"), Optional.empty());
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows(ROWS, 100);

        Process upgrade = image.start("upgrade");
        // The daemon is stopped and the new version not yet running: nothing but the upgrade lock stops a start. The
        // upgrade is held (SIGSTOP) while the two starts run, or it could finish first and they would meet N+1.
        await("the upgrade's install", upgrade, () -> readIfExists(journal()).contains("\"INSTALL\""));
        assertEquals(0, system("/bin/kill", "-STOP", Long.toString(upgrade.pid())), "the upgrade is gone");
        try {
            for (String[] start : List.of(new String[] {"start", "-d"}, new String[] {"start"})) {
                ImageRunner.Result refused = image.run(start);
                assertEquals(5, refused.exit(), refused.toString());
                assertOneLine(refused, "upgrade");
            }
        } finally {
            system("/bin/kill", "-CONT", Long.toString(upgrade.pid()));
        }
        ImageRunner.Result upgraded = ImageRunner.finish(upgrade, "waiaas upgrade", PATIENCE);

        assertEquals(0, upgraded.exit(), upgraded.toString());
        assertTrue(upgraded.out().contains("Upgrade complete: " + n + " \u2192 " + next), upgraded.out());
        assertEquals(
                next,
                ImageRunner.awaitHealth(port, h -> true, Duration.ofSeconds(30))
                        .path("version")
                        .textValue());
        stopEverything();
        report("start during an upgrade", "exit 5, upgrade complete, serving " + next, assertRowsAndIntegrity(rows));
    }

    // ---- the promise ----

    private static void assertOneLine(ImageRunner.Result r, String cause) {
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "exactly one line on stderr: " + r);
        assertTrue(lines.get(0).startsWith("waiaas: "), r.toString());
        assertTrue(
                java.util.regex.Pattern.compile(cause).matcher(lines.get(0)).find(),
                "the line names the cause (" + cause + "): " + r);
    }

    /** The database file, the backups and the install are as they were, and no upgrade is left half-done. */
    private void assertNothingChanged(String sha) throws Exception {
        assertEquals(sha, SqliteFiles.sha256(db()), "the database file changed");
        assertEquals(
                List.of(), BackupDirs.ids(image.run("backup", "list", "--json").out()), "a backup was taken");
        assertFalse(Files.exists(dataDir.resolve("runtime")), "something was installed");
        assertFalse(Files.exists(journal()), "an upgrade journal was left");
    }

    private void assertListedBackupsSound(List<String> ids) throws IOException {
        for (String id : ids) {
            Path backup = dataDir.resolve("backups").resolve(id);
            BackupDirs.assertManifestValid(backup);
            assertEquals("ok", SqliteFiles.integrityCheck(backup.resolve("waiaas.db")), id);
        }
    }

    /** Check every row of {@code rows} and {@code integrity_check} on the live database; return the rows checked. */
    private int assertRowsAndIntegrity(Map<String, String> rows) {
        assertEquals("ok", SqliteFiles.integrityCheck(db()));
        Map<String, String> live = SqliteFiles.keyValues(db());
        long lost = rows.entrySet().stream()
                .filter(row -> !row.getValue().equals(live.get(row.getKey())))
                .count();
        ReliabilityLedger.rowsChecked(rows.size());
        ReliabilityLedger.rowsLost(lost);
        assertEquals(0, lost, lost + " of " + rows.size() + " rows lost");
        return rows.size();
    }

    /** Print the case's line; a fault injected into a running process (a kill, a full disk) counts as a crash point. */
    private static void report(String name, String outcome, int rows) {
        if (name.contains("killed") || name.contains("disk full") || name.contains("during an upgrade")) {
            ReliabilityLedger.crashPoint(name);
        }
        System.out.printf("%s: %s, %d rows checked, 0 lost%n", name, outcome, rows);
    }

    // ---- the scene ----

    /** Use {@code dir} as the data dir, with the install root {@code root} ({@code [install] root}) or the default. */
    private void useDataDir(Path dir, Optional<Path> root) throws IOException {
        dataDir = Files.createDirectories(dir);
        image = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
        installRoot = root.orElse(dataDir.resolve("runtime"));
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\n"
                        + "registry = \"" + registry.uri() + "\"\n[install]\nhealth_timeout = 30\n"
                        + root.map(r -> "root = \"" + r + "\"\n").orElse(""));
    }

    private Path db() {
        return dataDir.resolve("data/waiaas.db");
    }

    private Path journal() {
        return dataDir.resolve("upgrade.journal");
    }

    /** Commit {@code count} rows of about {@code bytes} each, ten to a transaction, and return them. */
    private Map<String, String> writeRows(int count, int bytes) {
        Map<String, String> rows = new HashMap<>();
        try (SqliteStorage storage = SqliteStorage.open(db(), InstantSource.system())) {
            for (int i = 0; i < count; i += 10) {
                Map<String, String> batch = new HashMap<>();
                for (int j = i; j < Math.min(count, i + 10); j++) {
                    batch.put("committed." + j, j + ":" + "v".repeat(bytes));
                }
                storage.keyValueStore().putAll(batch);
                rows.putAll(batch);
            }
        }
        return rows;
    }

    /** Return the staging directories of backups being written that already hold a copy of the database. */
    private List<Path> copiesInProgress() {
        try (Stream<Path> entries = Files.list(dataDir.resolve("backups"))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.exists(p.resolve("waiaas.db")))
                    .toList();
        } catch (IOException e) {
            return List.of(); // not made yet, or renamed into place while being listed
        }
    }

    private void stopEverything() throws Exception {
        if (dataDir == null) {
            return;
        }
        Path installed = installRoot.resolve("bin/waiaas");
        if (Files.isExecutable(installed)) {
            new ImageRunner(dataDir, tmp, installed).run("stop");
        }
        image.run("stop");
    }

    // ---- processes, files and mounts ----

    /** Wait until {@code condition} holds while {@code process} runs; fail when it ends first or after a while. */
    private static void await(String what, Process process, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(
                    process.isAlive(),
                    "the command ended before " + what + ": exit " + (process.isAlive() ? "" : process.exitValue()));
            assertTrue(System.nanoTime() < deadline, "no sign of " + what + " within " + PATIENCE);
            Thread.sleep(1);
        }
    }

    /** Send SIGKILL to {@code pid}, as the OOM killer or a power cut would, and wait until it is gone. */
    private static void kill(long pid) throws Exception {
        Optional<ProcessHandle> victim = ProcessHandle.of(pid);
        assertTrue(victim.isPresent(), "process " + pid + " is not running");
        victim.get().destroyForcibly();
        victim.get().onExit().get(30, TimeUnit.SECONDS);
    }

    /** Write {@code bytes} of zeros to {@code file}, or as many as the file system takes. */
    private static void fill(Path file, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) MIB);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; left -= MIB) {
                zeros.clear().limit((int) Math.min(MIB, left));
                while (zeros.hasRemaining()) {
                    out.write(zeros);
                }
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static long treeSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static String readIfExists(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return ""; // removed while being read: the journal was just resolved
        }
    }

    private Path mountTmpfs(Path dir, String size) throws Exception {
        Files.createDirectories(dir);
        assertEquals(
                0,
                system("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString()),
                "a tmpfs could not be mounted (this test needs root)");
        mounts.add(dir);
        return dir;
    }

    private static void remount(Path dir, String options) throws Exception {
        assertEquals(0, system("mount", "-o", "remount," + options, dir.toString()), "remount " + options);
    }

    /** Unmount {@code dir}; a process still using it only delays the release of its memory ({@code -l}). */
    private static void unmount(Path dir) throws Exception {
        if (system("umount", dir.toString()) != 0) {
            system("umount", "-l", dir.toString());
        }
    }

    private static int system(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 30 s");
        }
        return p.exitValue();
    }
}
