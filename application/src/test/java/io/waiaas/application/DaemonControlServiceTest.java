package io.waiaas.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
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

    /** A clock that moves one second every time it is read, so deadlines pass in a few polls. */
    private final InstantSource ticking = new InstantSource() {
        private final AtomicLong seconds = new AtomicLong(1_800_000_000L);

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.getAndIncrement());
        }
    };

    private DaemonControlService service(InstantSource clock, Duration readyTimeout) {
        return new DaemonControlService(
                new DaemonSettings("127.0.0.1", 3100, Duration.ofSeconds(5)),
                control,
                client,
                clock,
                Duration.ofSeconds(60),
                readyTimeout);
    }

    @Test
    void startDetachedReturnsOnlyOnceTheDaemonIsReadyNotWhenHealthFirstAnswers() {
        client.health = Optional.of(HEALTH);
        client.readyAfter = 3;
        DaemonStatus.Running running = service(InstantSource.fixed(Instant.EPOCH), Duration.ofMinutes(30))
                .startDetached();
        assertEquals(4242, running.pid());
        assertEquals(4, client.readyAsks.get(), "asked for readiness until it came");
    }

    @Test
    void startDetachedReportsTheDaemonsOwnRefusalAsExitFive() {
        control.childExit = OptionalInt.of(5);
        control.childLastLine = Optional.of("waiaas: the database is at schema 3, newer than schema 2 of this build"
                + " (waiaas 1.10.0); it was left untouched; run: waiaas upgrade");
        WaiaasException e = assertThrows(
                WaiaasException.class,
                () -> service(InstantSource.fixed(Instant.EPOCH), Duration.ofMinutes(30))
                        .startDetached());
        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(e.getMessage().contains("newer than schema 2"), e.getMessage());
    }

    @Test
    void startDetachedGivesUpWhenReadinessNeverComesAndStopsTheDaemon() {
        client.health = Optional.of(HEALTH);
        client.readyAfter = Integer.MAX_VALUE;
        WaiaasException e = assertThrows(
                WaiaasException.class,
                () -> service(ticking, Duration.ofSeconds(3)).startDetached());
        assertEquals(ErrorCode.FAILED, e.code());
        assertEquals(
                "the daemon answered /health on port 3100 but did not become ready within 3 s; see the daemon" + " log",
                e.getMessage());
        assertEquals(List.of(4242L), control.terminated);
    }

    @Test
    void statusIsStartingWhileTheDaemonAnswersHealthButIsNotReady() {
        control.running = Optional.of(7L);
        client.health = Optional.of(HEALTH);
        client.readyAfter = 1;
        DaemonControlService service = service(InstantSource.fixed(Instant.EPOCH), Duration.ofMinutes(30));
        assertEquals(new DaemonStatus.Starting(7, 3100), service.status());
        assertInstanceOf(DaemonStatus.Running.class, service.status());
    }
}
