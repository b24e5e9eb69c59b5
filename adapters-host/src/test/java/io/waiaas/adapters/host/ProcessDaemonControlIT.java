package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.host.testkit.LockHolder;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.testkit.DaemonControlContract;
import io.waiaas.application.testkit.Launch;
import io.waiaas.domain.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link DaemonControlContract} against real processes: {@code sh} scripts as the daemon program and as
 * processes to stop, and a second JVM holding the data dir.
 */
class ProcessDaemonControlIT implements DaemonControlContract {
    @TempDir
    Path dir;

    private final ContractProcesses contract = new ContractProcesses();
    private DaemonFiles files;

    @AfterEach
    void stopEveryProcessTheTestStarted() {
        contract.stopAll();
    }

    @Override
    public DaemonControl newControl(Launch launch) {
        files = new DaemonFiles(dir.resolve("data-dir"));
        return new ProcessDaemonControl(files, List.of("/bin/sh", script(launch).toString()), Map.of());
    }

    @Override
    public long holdDataDir() {
        return contract.holdDataDir(files);
    }

    @Override
    public void leaveStalePidFile() {
        ContractProcesses.leaveStalePidFile(files);
    }

    @Override
    public boolean pidFileExists() {
        return Files.exists(files.pidFile());
    }

    @Override
    public long startProcess(boolean ignoresSigterm) {
        return contract.startProcess(ignoresSigterm);
    }

    @Override
    public boolean isAlive(long pid) {
        return ContractProcesses.isAlive(pid);
    }

    @Test
    void spawnsTheLaunchCommandWithTheDataDirAndStartInItsOwnEnvironment() throws Exception {
        files = new DaemonFiles(dir.resolve("data-dir"));
        Path script =
                write("daemon.sh", "echo \"args: $*\"\necho \"env: $WAIAAS_TEST_MARK $WAIAAS_DETACHED\"\nexit 0\n");
        DaemonControl control = new ProcessDaemonControl(
                files, List.of("/bin/sh", script.toString()), Map.of("WAIAAS_TEST_MARK", "from the control"));
        DaemonControl.Spawned spawned = control.spawn();
        awaitExit(spawned);
        assertEquals(OptionalInt.of(0), spawned.exitCode());
        assertEquals(
                List.of("args: --data-dir " + files.dataDir() + " start", "env: from the control 1"),
                Files.readAllLines(files.outFile()));
        assertEquals(Optional.of("env: from the control 1"), spawned.lastLogLine());
    }

    @Test
    void keepsTheDaemonLogTheOwnersAloneEvenInADataDirOthersMayRead() throws Exception {
        DaemonControl control = newControl(Launch.exitsWith(0));
        Path logs = files.outFile().getParent();
        awaitExit(control.spawn());
        assertEquals("rwx------", permissions(logs), "a new logs folder");
        assertEquals("rw-------", permissions(files.outFile()), "a new log");

        // A data dir the operator made readable to others, and a log an older waiaas left readable.
        Files.setPosixFilePermissions(files.dataDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(files.outFile(), PosixFilePermissions.fromString("rw-r--r--"));
        awaitExit(control.spawn());
        assertEquals("rwx------", permissions(logs));
        assertEquals("rw-------", permissions(files.outFile()));
    }

    @Test
    void aDaemonLogThatCannotBeWrittenIsNamedWithItsCause() throws Exception {
        DaemonControl control = newControl(Launch.exitsWith(0));
        Files.createDirectories(files.dataDir());
        Files.writeString(files.outFile().getParent(), "a file where the logs folder belongs");
        ApplicationException e = assertThrows(ApplicationException.class, control::spawn);
        // It used to be the JDK's bare path: "cannot start the daemon: /…/logs".
        assertEquals(
                "cannot start the daemon: File exists at " + files.outFile().getParent(), e.getMessage());
    }

    @Test
    void movesABigOutputFileAsideAtAStartSoItStaysBounded() throws Exception {
        DaemonControl control = newControl(Launch.exitsWith(0));
        Files.createDirectories(files.outFile().getParent());
        Files.writeString(files.outFile(), "x".repeat((int) ProcessDaemonControl.OUT_FILE_LIMIT) + "\nold end\n");
        awaitExit(control.spawn());
        assertEquals(
                "old end",
                Files.readAllLines(RotatingLogHandler.rotated(files.outFile(), 1))
                        .getLast());
        assertTrue(Files.size(files.outFile()) < 1024, "a fresh output file");
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void tellsOnlyTheLastLineItsOwnDaemonWroteNotAnEarlierOnes() throws Exception {
        DaemonControl control = newControl(Launch.exitsWith(1));
        Files.createDirectories(files.outFile().getParent());
        Files.writeString(files.outFile(), "a line from yesterday's daemon\n");
        DaemonControl.Spawned spawned = control.spawn();
        awaitExit(spawned);
        assertEquals(Optional.empty(), spawned.lastLogLine());
        assertEquals(
                List.of("a line from yesterday's daemon"),
                Files.readAllLines(files.outFile()),
                "the log is appended to, never truncated");
    }

    @Test
    void aLockHeldByAProcessThatPublishedNoPidIsOneClearFailure() {
        DaemonControl control = newControl(Launch.exitsWith(0));
        contract.keep(LockHolder.holdWithoutPid(files.dataDir()).orElseThrow());
        ApplicationException e = assertThrows(ApplicationException.class, control::runningPid);
        assertEquals(ErrorCode.FAILED, e.code());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(files.lockFile().toString()), e.getMessage());
        assertFalse(control.removeStalePidFile(), "a held lock has no stale pid file");
    }

    @Test
    void findsADaemonRunningInThisVeryJvmWithoutReleasingItsLock() {
        DaemonControl control = newControl(Launch.exitsWith(0));
        try (var lease = new FileInstanceLock(files).tryAcquire().orElseThrow()) {
            assertEquals(Optional.of(ProcessHandle.current().pid()), control.runningPid());
            assertFalse(control.removeStalePidFile());
            assertEquals(
                    Optional.empty(),
                    LockHolder.hold(files.dataDir()).map(this::keep).map(LockHolder::pid),
                    "looking for the daemon released its lock");
        }
        assertEquals(Optional.empty(), control.runningPid());
    }

    private static void awaitExit(DaemonControl.Spawned spawned) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (spawned.exitCode().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the spawned program did not exit");
            Thread.sleep(10);
        }
    }

    private LockHolder keep(LockHolder holder) {
        return contract.keep(holder);
    }

    private Path script(Launch launch) {
        StringBuilder text = new StringBuilder();
        // As the real daemon does (Lifeline.awaitReleaseIfHeld): a held start waits for the release line first.
        text.append("if [ \"$WAIAAS_START_HELD\" = 1 ]; then IFS= read -r line || exit 1; [ \"$line\" = go ] || exit 1;"
                + " fi\n");
        if (!launch.logLines().isEmpty()) {
            text.append("printf '%s\\n'");
            launch.logLines()
                    .forEach(line ->
                            text.append(" '").append(line.replace("'", "'\\''")).append('\''));
            text.append('\n');
        }
        // Exec'd, so the program's pid is the one the control started and signals; its arguments stay those of a
        // daemon of this data dir (--data-dir DIR start), as the real launcher's java keeps them.
        text.append(
                        launch.exitCode().isPresent()
                                ? "exit " + launch.exitCode().getAsInt()
                                : "exec /bin/sh -c 'trap \"exit 143\" TERM; while :; do sleep 0.1; done' daemon \"$@\"")
                .append('\n');
        return write("daemon.sh", text.toString());
    }

    private Path write(String name, String body) {
        try {
            Path script = dir.resolve(name);
            Files.writeString(script, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return script;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anExitedProcessItsParentHasNotCollectedCountsAsGone() throws Exception {
        // The shell starts a short sleep and becomes a long one: nobody reaps the short one, which stays a zombie.
        Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 0.2 & echo $!; exec sleep 30").start();
        try {
            long pid = Long.parseLong(
                    new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                            .readLine()
                            .strip());
            ProcessHandle zombie = ProcessHandle.of(pid).orElseThrow();
            assertFalse(ProcessDaemonControl.exited(zombie), "a running process counted as gone");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ProcessDaemonControl.exited(zombie)) {
                assertTrue(System.nanoTime() < deadline, "the exited child was never seen as gone");
                Thread.sleep(10);
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            assertEquals('Z', stat.charAt(stat.lastIndexOf(')') + 2), "not a zombie but gone: " + stat);
        } finally {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
