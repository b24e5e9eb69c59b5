package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.waiaas.application.port.out.DaemonControl;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DaemonControl} must show: find the daemon holding a data dir, clean a stale pid
 * file, stop processes by SIGTERM then SIGKILL, and spawn the daemon program and watch it.
 *
 * <p>Implementations start real processes; they must stop whatever is left of them after each test.
 */
public interface DaemonControlContract {

    /** How long the contract waits for something that should happen at once; a bound, never a target. */
    Duration PATIENCE = Duration.ofSeconds(10);

    /** Create the control of a fresh data dir whose spawned daemon program behaves as {@code launch} says. */
    DaemonControl newControl(Launch launch);

    /** Let a daemon process take the data dir of the last {@link #newControl}: hold its lock and publish its pid. */
    long holdDataDir();

    /** Leave a pid file in that data dir naming a daemon that is gone, with nobody holding the lock. */
    void leaveStalePidFile();

    /** Tell whether that data dir holds a pid file. */
    boolean pidFileExists();

    /**
     * Start a process that is no daemon, returning once it is ready for signals.
     *
     * @param ignoresSigterm whether it ignores SIGTERM, as a daemon stuck in a long shutdown does
     * @return its pid
     */
    long startProcess(boolean ignoresSigterm);

    /** Tell whether process {@code pid} is alive. */
    boolean isAlive(long pid);

    private static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within " + PATIENCE.toSeconds() + " s");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + what);
            }
        }
    }

    @Test
    default void findsNoDaemonInAFreshDataDir() {
        DaemonControl control = newControl(Launch.exitsWith(0));
        assertEquals(Optional.empty(), control.runningPid());
        assertFalse(control.removeStalePidFile(), "there was no pid file to remove");
    }

    @Test
    default void findsTheDaemonHoldingTheDataDirAndLeavesItsPidFile() {
        DaemonControl control = newControl(Launch.exitsWith(0));
        long pid = holdDataDir();
        assertEquals(Optional.of(pid), control.runningPid());
        assertFalse(control.removeStalePidFile(), "a running daemon's pid file is not stale");
        assertTrue(pidFileExists());
        assertEquals(Optional.of(pid), control.runningPid());
    }

    @Test
    default void aStalePidFileIsNoDaemonAndIsRemovedOnce() {
        DaemonControl control = newControl(Launch.exitsWith(0));
        leaveStalePidFile();
        assertEquals(Optional.empty(), control.runningPid());
        assertTrue(pidFileExists(), "looking for the daemon changes nothing");
        assertTrue(control.removeStalePidFile());
        assertFalse(pidFileExists());
        assertFalse(control.removeStalePidFile());
    }

    @Test
    default void terminateEndsAProcessThatHonoursSigterm() {
        DaemonControl control = newControl(Launch.exitsWith(0));
        long pid = startProcess(false);
        assertTrue(control.terminate(pid, PATIENCE), "terminate tells that it exited");
        assertFalse(isAlive(pid));
    }

    @Test
    default void aProcessIgnoringSigtermSurvivesTerminateAndEndsByKill() {
        DaemonControl control = newControl(Launch.exitsWith(0));
        long pid = startProcess(true);
        assertFalse(control.terminate(pid, Duration.ofMillis(300)), "terminate tells that it is still running");
        assertTrue(isAlive(pid));
        assertTrue(control.kill(pid, PATIENCE), "kill tells that it exited");
        assertFalse(isAlive(pid));
    }

    @Test
    default void stoppingAProcessThatIsGoneSucceeds() {
        DaemonControl control = newControl(Launch.exitsWith(0));
        long pid = startProcess(false);
        assertTrue(control.kill(pid, PATIENCE));
        assertTrue(control.terminate(pid, Duration.ofMillis(100)));
        assertTrue(control.kill(pid, Duration.ofMillis(100)));
    }

    @Test
    default void aSpawnedDaemonThatExitsTellsItsExitCodeAndItsLastLogLine() {
        DaemonControl control = newControl(Launch.exitsWith(
                5,
                "starting waiaas 1.10.0",
                "waiaas: database schema 3 is newer than this build's schema 2; run: waiaas upgrade",
                "",
                "  "));
        DaemonControl.Spawned spawned = control.spawn();
        eventually(() -> spawned.exitCode().isPresent(), "the spawned daemon exiting");
        assertEquals(OptionalInt.of(5), spawned.exitCode());
        assertEquals(
                Optional.of("database schema 3 is newer than this build's schema 2; run: waiaas upgrade"),
                spawned.lastLogLine(),
                "the last non-blank line, without the CLI's 'waiaas: ' prefix");
        assertFalse(isAlive(spawned.pid()));
    }

    @Test
    default void aSpawnedDaemonThatWritesNothingHasNoLastLogLine() {
        DaemonControl control = newControl(Launch.exitsWith(1));
        DaemonControl.Spawned spawned = control.spawn();
        eventually(() -> spawned.exitCode().isPresent(), "the spawned daemon exiting");
        assertEquals(OptionalInt.of(1), spawned.exitCode());
        assertEquals(Optional.empty(), spawned.lastLogLine());
    }

    @Test
    default void aSpawnedDaemonThatRunsHasNoExitCodeUntilItIsStopped() {
        DaemonControl control = newControl(Launch.keepsRunning("listening on 127.0.0.1:3100"));
        DaemonControl.Spawned spawned = control.spawn();
        eventually(() -> spawned.lastLogLine().isPresent(), "the spawned daemon writing its log");
        assertEquals(Optional.of("listening on 127.0.0.1:3100"), spawned.lastLogLine());
        assertEquals(OptionalInt.empty(), spawned.exitCode());
        assertTrue(isAlive(spawned.pid()));
        assertTrue(control.kill(spawned.pid(), PATIENCE));
        eventually(() -> spawned.exitCode().isPresent(), "the killed daemon's exit code showing");
        assertFalse(isAlive(spawned.pid()));
    }

    @Test
    default void aHeldDaemonDoesNothingUntilReleased() {
        DaemonControl control = newControl(Launch.keepsRunning("listening on 127.0.0.1:3100"));
        DaemonControl.Spawned spawned = control.spawnHeld();
        try {
            TimeUnit.MILLISECONDS.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(Optional.empty(), spawned.lastLogLine(), "a held daemon wrote to its log");
        assertEquals(OptionalInt.empty(), spawned.exitCode());

        spawned.release();

        eventually(() -> spawned.lastLogLine().isPresent(), "the released daemon writing its log");
        assertEquals(Optional.of("listening on 127.0.0.1:3100"), spawned.lastLogLine());
        assertTrue(control.kill(spawned.pid(), PATIENCE));
    }

    @Test
    default void findsADaemonItSpawnedByItsPidAndNoOtherProcess() {
        DaemonControl control = newControl(Launch.keepsRunning("listening on 127.0.0.1:3100"));
        DaemonControl.Spawned spawned = control.spawn();
        eventually(() -> spawned.lastLogLine().isPresent(), "the spawned daemon writing its log");

        DaemonControl.Spawned found = control.daemon(spawned.pid()).orElseThrow();
        assertEquals(spawned.pid(), found.pid());
        assertEquals(OptionalInt.empty(), found.exitCode());
        long other = startProcess(false);
        assertEquals(Optional.empty(), control.daemon(other), "a process that is no daemon of this data dir");
        assertTrue(control.terminate(other, PATIENCE));

        assertTrue(control.kill(spawned.pid(), PATIENCE));
        eventually(() -> control.daemon(spawned.pid()).isEmpty(), "the killed daemon no longer being found");
        assertTrue(found.exitCode().isPresent(), "a daemon found by its pid tells that it has exited");
    }
}
