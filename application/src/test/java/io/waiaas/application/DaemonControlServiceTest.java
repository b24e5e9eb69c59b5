package io.waiaas.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.testkit.FakeDaemonClient;
import io.waiaas.application.testkit.FakeDaemonControl;
import io.waiaas.application.testkit.Launch;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaemonControlServiceTest {
    private static final int PORT = 3100;
    private static final Duration SHUTDOWN = Duration.ofSeconds(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final HealthSnapshot HEALTH = new HealthSnapshot(Version.parse("1.9.0"),
            Optional.of(Version.parse("1.10.0")), SchemaVersion.of(2), Duration.ofSeconds(3),
            Instant.parse("2026-11-26T06:00:03Z"));

    private final FakeDaemonControl control = new FakeDaemonControl();
    private final FakeDaemonClient client = new FakeDaemonClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T06:00:00Z"));
    /** Every reading of the clock takes a second, as slow probes would, so a start timeout passes in a few polls. */
    private final InstantSource slowProbes = () -> clock.advance(Duration.ofSeconds(1));

    private DaemonControlService service(InstantSource time) {
        return new DaemonControlService(new DaemonSettings("127.0.0.1", PORT, SHUTDOWN), control, client, time,
                START_TIMEOUT);
    }

    private DaemonControlService service() {
        return service(clock);
    }

    @Test
    void statusIsStoppedWhenNoDaemonHoldsTheDataDir() {
        assertEquals(new DaemonStatus.Stopped(), service().status());
        assertEquals(List.of(), client.asked(), "no daemon, nothing to ask");
    }

    @Test
    void statusIsStartingWhileTheDaemonHoldingTheDataDirDoesNotAnswer() {
        long pid = control.holdDataDir();
        assertEquals(new DaemonStatus.Starting(pid, PORT), service().status());
        assertEquals(PORT, client.asked().get(0).port());
    }

    @Test
    void statusIsRunningWithTheHealthTheDaemonAnswers() {
        long pid = control.holdDataDir();
        client.serve(PORT, HEALTH);
        assertEquals(new DaemonStatus.Running(pid, PORT, HEALTH), service().status());
    }

    @Test
    void statusIsStoppedWithAStalePidFileEvenWhenSomethingAnswersOnThePort() {
        control.leaveStalePidFile();
        client.serve(PORT, HEALTH);
        assertEquals(new DaemonStatus.Stopped(), service().status());
    }

    @Test
    void startDetachedRefusesWithExitFiveWhileADaemonRunsAndSpawnsNothing() {
        long pid = control.holdDataDir();
        WaiaasException e = assertThrows(WaiaasException.class, () -> service().startDetached());
        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(e.getMessage().contains("pid " + pid), e.getMessage());
        assertEquals(0, control.spawns());
    }

    @Test
    void startDetachedReturnsTheSpawnedDaemonOnceItHoldsTheDataDirAndAnswers() {
        control.launches(Launch.keepsRunning("listening on 127.0.0.1:3100"));
        control.spawnedDaemonHoldsTheDataDir();
        client.serve(PORT, HEALTH);

        DaemonStatus.Running running = service().startDetached();

        assertEquals(control.runningPid().orElseThrow(), running.pid());
        assertEquals(new DaemonStatus.Running(running.pid(), PORT, HEALTH), running);
        assertEquals(List.of(), control.terminated());
    }

    @Test
    void startDetachedWaitsForADaemonThatAnswersLate() {
        control.launches(Launch.keepsRunning());
        control.spawnedDaemonHoldsTheDataDir();
        InstantSource answersOnTheThirdPoll = () -> {
            Instant now = clock.advance(Duration.ofSeconds(1));
            if (now.isAfter(Instant.parse("2026-11-26T06:00:03Z"))) {
                client.serve(PORT, HEALTH);
            }
            return now;
        };

        DaemonStatus.Running running = service(answersOnTheThirdPoll).startDetached();

        assertEquals(HEALTH, running.health());
        assertTrue(client.asked().size() >= 2, "asked " + client.asked());
    }

    @Test
    void aDaemonThatExitsEarlyIsReportedWithItsExitCodeAndLastLogLine() {
        control.launches(Launch.exitsWith(5, "starting waiaas 1.9.0",
                "waiaas: database schema 3 is newer than this build's schema 2; run: waiaas upgrade"));

        WaiaasException e = assertThrows(WaiaasException.class, () -> service().startDetached());

        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals("the daemon did not start: database schema 3 is newer than this build's schema 2;"
                + " run: waiaas upgrade", e.getMessage());
    }

    @Test
    void everyExitCodeOfTheDaemonMapsToItsErrorCode() {
        for (ErrorCode code : ErrorCode.values()) {
            control.launches(Launch.exitsWith(code.exitCode(), "why"));
            WaiaasException e = assertThrows(WaiaasException.class, () -> service().startDetached());
            assertEquals(code, e.code(), "exit code " + code.exitCode());
        }
    }

    @Test
    void aDaemonThatExitsWithAnUnknownCodeAndNoLogIsAFailureNamingTheCode() {
        control.launches(Launch.exitsWith(42));
        WaiaasException e = assertThrows(WaiaasException.class, () -> service().startDetached());
        assertEquals(ErrorCode.FAILED, e.code());
        assertEquals("the daemon did not start: exit code 42", e.getMessage());
    }

    @Test
    void startDetachedGivesUpAfterTheTimeoutAndStopsWhatItSpawned() {
        control.launches(Launch.keepsRunning());
        control.spawnedDaemonHoldsTheDataDir();

        WaiaasException e = assertThrows(WaiaasException.class, () -> service(slowProbes).startDetached());

        assertEquals(ErrorCode.FAILED, e.code());
        assertEquals("the daemon did not answer /health on port 3100 within 10 s; see the daemon log",
                e.getMessage());
        long spawned = control.terminated().get(0).pid();
        assertEquals(List.of(new FakeDaemonControl.Signalled(spawned, SHUTDOWN)), control.terminated());
        assertFalse(control.isAlive(spawned));
    }

    @Test
    void startDetachedNeverTakesAnotherProcessesAnswerForItsDaemon() {
        control.launches(Launch.keepsRunning());
        client.serve(PORT, HEALTH);

        WaiaasException e = assertThrows(WaiaasException.class, () -> service(slowProbes).startDetached());

        assertEquals(ErrorCode.FAILED, e.code());
        assertEquals(1, control.terminated().size(), "the spawned daemon that never took the data dir is stopped");
    }

    @Test
    void stopWithNothingRunningAndNoPidFileChangesNothing() {
        assertEquals(new StopResult.NotRunning(false), service().stop());
        assertEquals(List.of(), control.terminated());
    }

    @Test
    void stopWithNothingRunningCleansAStalePidFile() {
        control.leaveStalePidFile();
        assertEquals(new StopResult.NotRunning(true), service().stop());
        assertFalse(control.pidFileExists());
        assertEquals(List.of(), control.terminated());
    }

    @Test
    void stopEndsADaemonThatHonoursSigtermWithinTheShutdownTimeout() {
        long pid = control.holdDataDir();
        assertEquals(new StopResult.Stopped(pid), service().stop());
        assertEquals(List.of(new FakeDaemonControl.Signalled(pid, SHUTDOWN)), control.terminated());
        assertEquals(List.of(), control.killed());
        assertFalse(control.isAlive(pid));
        assertFalse(control.pidFileExists());
    }

    @Test
    void stopKillsADaemonThatIgnoresSigtermAndCleansItsPidFile() {
        long pid = control.holdDataDir(true);
        assertEquals(new StopResult.Killed(pid), service().stop());
        assertEquals(List.of(new FakeDaemonControl.Signalled(pid, SHUTDOWN)), control.terminated());
        assertEquals(List.of(pid), control.killed().stream().map(FakeDaemonControl.Signalled::pid).toList());
        assertFalse(control.isAlive(pid));
        assertFalse(control.pidFileExists(), "a killed daemon's pid file is stale and removed");
        assertEquals(new DaemonStatus.Stopped(), service().status());
    }

    @Test
    void stopFailsNamingTheDaemonThatSurvivesEvenSigkill() {
        long pid = control.holdDataDir(true);
        control.makeUnkillable(pid);
        WaiaasException e = assertThrows(WaiaasException.class, () -> service().stop());
        assertEquals(ErrorCode.FAILED, e.code());
        assertEquals("daemon pid " + pid + " did not exit even after SIGKILL", e.getMessage());
        assertTrue(control.isAlive(pid));
        assertTrue(control.pidFileExists(), "a running daemon's pid file stays");
    }
}
