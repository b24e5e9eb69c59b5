package io.waiaas.application.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.application.schema.SchemaGate;
import io.waiaas.application.testkit.FakeEndpoint;
import io.waiaas.application.testkit.FakeSchemaMigrator;
import io.waiaas.application.testkit.InMemoryBackupStore;
import io.waiaas.application.testkit.InMemoryInstanceLock;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.application.testkit.LogLine;
import io.waiaas.application.testkit.ManualWorkers;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.RecordingOperatorLog;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaemonServiceTest {
    private static final int PORT = 3100;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T06:00:00Z"));
    private final InMemorySchemaHistory history = new InMemorySchemaHistory(SchemaVersion.of(1));
    private final FakeSchemaMigrator fake = new FakeSchemaMigrator(history, SchemaVersion.of(1), SchemaVersion.of(2));
    private final InMemoryBackupStore backups =
            new InMemoryBackupStore(new InMemoryKeyValueStore(), clock, SchemaVersion.of(1));
    private final InMemoryInstanceLock lock = new InMemoryInstanceLock(1000);
    private final FakeEndpoint endpoint = new FakeEndpoint();
    private final ManualWorkers workers = new ManualWorkers();
    private final List<String> events = new ArrayList<>();
    private Runnable duringMigration = () -> {};

    /** Migrate with the verified fake, running a probe while "migrating". */
    private final class ProbingSchemaMigrator implements SchemaMigrator {
        @Override
        public SchemaVersion latest() {
            return fake.latest();
        }

        @Override
        public SchemaVersion minCompatible() {
            return fake.minCompatible();
        }

        @Override
        public SchemaVersion migrate() {
            duringMigration.run();
            events.add("migrate");
            return fake.migrate();
        }

        @Override
        public SchemaDowngrade planDowngrade(SchemaVersion target) {
            return fake.planDowngrade(target);
        }

        @Override
        public SchemaDowngrade downgrade(SchemaVersion target) {
            return fake.downgrade(target);
        }
    }

    private final BackgroundJob job = new BackgroundJob() {
        @Override
        public String name() {
            return "check";
        }

        @Override
        public Duration interval() {
            return Duration.ofHours(1);
        }

        @Override
        public void prepare() {
            events.add("prepare");
        }

        @Override
        public void run() {}
    };

    private final RecordingOperatorLog operatorLog = new RecordingOperatorLog();

    private DaemonService daemon() {
        SchemaGate gate = new SchemaGate(
                history,
                new ProbingSchemaMigrator(),
                backups,
                BackupPolicy.keepNewest(5),
                Version.parse("1.10.0"),
                new RecordingOperatorLog());
        return new DaemonService(
                Version.parse("1.10.0"),
                new DaemonSettings("127.0.0.1", PORT, Duration.ofSeconds(5)),
                lock,
                gate,
                endpoint,
                new KnownRelease(),
                clock,
                () -> workers,
                List.of(job),
                operatorLog);
    }

    private List<String> scheduledNames() {
        return workers.scheduled().stream().map(ManualWorkers.Scheduled::name).toList();
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsBackedUpAndMigratedThenUp() {
        DaemonService daemon = daemon();
        List<Boolean> seen = new ArrayList<>();
        duringMigration = () -> {
            Endpoint.Served served =
                    endpoint.served(PORT).orElseThrow(() -> new AssertionError("endpoint not open yet"));
            seen.add(endpoint.listening());
            seen.add(served.ready());
            seen.add(!backups.list().isEmpty());
            assertEquals(SchemaVersion.of(2), served.health().schemaVersion(), "/health answers while migrating");
        };

        try (RunDaemon.Running running = daemon.start()) {
            assertEquals(List.of(true, false, true), seen, "open, not ready, backup already taken");
            assertTrue(daemon.ready());
            assertEquals(List.of("migrate", "prepare"), events);
            assertEquals(List.of("check"), scheduledNames());
        }
        assertFalse(daemon.ready());
        assertFalse(lock.held());
    }

    /** LOGS-03: the log says when the daemon served, and its last line says it stopped, after everything closed. */
    @Test
    void logsWhenItServesAndWhenItHasStopped() {
        DaemonService daemon = daemon();
        try (RunDaemon.Running running = daemon.start()) {
            assertEquals(List.of(LogLine.info("waiaas 1.10.0 serving on port " + PORT)), operatorLog.lines());
        }
        assertEquals(
                List.of(LogLine.info("waiaas 1.10.0 serving on port " + PORT), LogLine.info("waiaas 1.10.0 stopped")),
                operatorLog.lines());
        assertFalse(lock.held(), "stopped means the lock is released already");
    }

    @Test
    void aDatabaseAheadStopsTheStartWithExitFiveAndClosesTheEndpointAndTheLock() {
        history.moveTo(SchemaVersion.of(3));
        DaemonService daemon = daemon();
        WaiaasException e = assertThrows(WaiaasException.class, daemon::start);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertFalse(endpoint.listening(), "the endpoint closes again");
        assertFalse(lock.held(), "the lock is released");
        assertFalse(daemon.ready());
        assertEquals(List.of(), events, "nothing migrated, no job prepared");
        assertEquals(List.of(), scheduledNames());
        assertEquals(List.of(), backups.list());
    }

    /** Issue 16, finding 2: a start that refuses binds nothing (the port is taken here, and the refusal says why). */
    @Test
    void aDatabaseAheadIsRefusedBeforeThePortIsBound() {
        history.moveTo(SchemaVersion.of(3));
        endpoint.occupy(PORT);
        DaemonService daemon = daemon();
        WaiaasException e = assertThrows(WaiaasException.class, daemon::start);
        assertEquals(ErrorCode.REFUSED, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        assertFalse(lock.held());
    }

    @Test
    void aTakenPortFailsBeforeTheDatabaseIsTouched() {
        endpoint.occupy(PORT);
        DaemonService daemon = daemon();
        assertThrows(WaiaasException.class, daemon::start);
        assertEquals(0, fake.migrations());
        assertEquals(Optional.of(SchemaVersion.of(1)), history.current());
        assertFalse(lock.held());
    }

    @Test
    void aSecondStartIsRefusedWhileTheLockIsHeld() {
        lock.takeAs(4711);
        WaiaasException e = assertThrows(WaiaasException.class, daemon()::start);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertFalse(endpoint.listening());
        assertEquals(0, fake.migrations());
    }
}
