package io.waiaas.application.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.testkit.FakeDaemonClient;
import io.waiaas.application.testkit.FakeDaemonControl;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemoryStoredRelease;
import io.waiaas.application.testkit.Launch;
import io.waiaas.application.testkit.ManualPause;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaemonControlServiceTest {
    private static final HealthSnapshot HEALTH = new HealthSnapshot(
            Version.parse("1.10.0"),
            Optional.empty(),
            SchemaVersion.of(2),
            Duration.ZERO,
            Instant.parse("2026-11-26T06:00:00Z"));

    private final FakeDaemonControl control = new FakeDaemonControl();
    private final FakeDaemonClient client = new FakeDaemonClient();

    /** Time passes only while the service pauses between its polls. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T06:00:00Z"));

    private DaemonControlService service(Duration readyTimeout) {
        return service(readyTimeout, new InMemoryStoredRelease(new InMemoryKeyValueStore()));
    }

    private DaemonControlService service(Duration readyTimeout, StoredRelease storedRelease) {
        return new DaemonControlService(
                new DaemonSettings("127.0.0.1", 3100, Duration.ofSeconds(5)),
                control,
                client,
                clock,
                new ManualPause(clock),
                Duration.ofSeconds(60),
                readyTimeout,
                storedRelease);
    }

    DaemonControlServiceTest() {
        control.launches(Launch.keepsRunning());
        control.spawnedDaemonHoldsTheDataDir();
    }

    @Test
    void startDetachedReturnsOnlyOnceTheDaemonIsReadyNotWhenHealthFirstAnswers() {
        client.serve(3100, HEALTH);
        client.readyAfter(3100, 3);
        DaemonStatus.Running running = service(Duration.ofMinutes(30)).startDetached();
        assertEquals(control.runningPid(), Optional.of(running.pid()));
        assertEquals(4, client.readyAsks(3100), "asked for readiness until it came");
    }

    @Test
    void startDetachedReportsTheDaemonsOwnRefusalAsExitFive() {
        control.launches(Launch.exitsWith(
                5,
                "waiaas: the database is at schema 3, newer than schema 2 of this build"
                        + " (waiaas 1.10.0); it was left untouched; run: waiaas upgrade"));
        WaiaasException e = assertThrows(
                WaiaasException.class, () -> service(Duration.ofMinutes(30)).startDetached());
        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(e.getMessage().contains("newer than schema 2"), e.getMessage());
    }

    @Test
    void startDetachedGivesUpWhenReadinessNeverComesAndStopsTheDaemon() {
        client.serve(3100, HEALTH);
        client.notReady(3100);
        WaiaasException e = assertThrows(
                WaiaasException.class, () -> service(Duration.ofSeconds(3)).startDetached());
        assertEquals(ErrorCode.FAILED, e.code());
        assertEquals(
                "the daemon answered /health on port 3100 but did not become ready within 3 s; see the daemon" + " log",
                e.getMessage());
        assertEquals(1, control.spawns());
        assertEquals(
                List.of(control.terminated().getFirst().pid()),
                control.terminated().stream()
                        .map(FakeDaemonControl.Signalled::pid)
                        .toList(),
                "the one daemon it spawned was stopped");
        assertEquals(Optional.empty(), control.runningPid());
    }

    @Test
    void statusIsStartingWhileTheDaemonAnswersHealthButIsNotReady() {
        long pid = control.holdDataDir();
        client.serve(3100, HEALTH);
        client.readyAfter(3100, 1);
        DaemonControlService service = service(Duration.ofMinutes(30));
        assertEquals(new DaemonStatus.Starting(pid, 3100), service.status());
        assertInstanceOf(DaemonStatus.Running.class, service.status());
    }

    @Test
    void statusSaysWhyTheLatestReleaseIsUnknownAndReadsNothingWhenItIsKnown() {
        long pid = control.holdDataDir();
        client.serve(3100, HEALTH);
        InMemoryKeyValueStore database = new InMemoryKeyValueStore();
        database.putAll(
                Map.of(StoredRelease.ERROR_KEY, "npm registry refused access", StoredRelease.FAILED_AT_KEY, "60"));
        DaemonControlService service = service(Duration.ofMinutes(30), new InMemoryStoredRelease(database));

        assertEquals(
                new DaemonStatus.Running(
                        pid,
                        3100,
                        HEALTH,
                        Optional.of(new CheckFailure("npm registry refused access", Instant.ofEpochSecond(60)))),
                service.status());

        HealthSnapshot known = new HealthSnapshot(
                HEALTH.version(),
                Optional.of(Version.parse("1.11.0")),
                HEALTH.schemaVersion(),
                Duration.ZERO,
                HEALTH.timestamp());
        client.serve(3100, known);
        assertEquals(new DaemonStatus.Running(pid, 3100, known), service.status());
    }
}
