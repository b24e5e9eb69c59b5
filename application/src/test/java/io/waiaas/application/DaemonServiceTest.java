package io.waiaas.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.ReportHealth;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.application.testkit.FakeSchemaMigrator;
import io.waiaas.application.testkit.InMemoryBackupStore;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.ErrorCode;
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
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T06:00:00Z"));
    private final InMemorySchemaHistory history = new InMemorySchemaHistory(SchemaVersion.of(1));
    private final FakeSchemaMigrator fake = new FakeSchemaMigrator(history, SchemaVersion.of(1), SchemaVersion.of(2));
    private final InMemoryBackupStore backups =
            new InMemoryBackupStore(new InMemoryKeyValueStore(), clock, SchemaVersion.of(1));
    private final FakeInstanceLock lock = new FakeInstanceLock();
    private final FakeEndpoint endpoint = new FakeEndpoint();
    private final FakeWorkers workers = new FakeWorkers();
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
                new DaemonSettings("127.0.0.1", 0, Duration.ofSeconds(5)),
                lock,
                gate,
                endpoint,
                new KnownRelease(),
                clock,
                () -> workers,
                List.of(job));
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsBackedUpAndMigratedThenUp() {
        DaemonService daemon = daemon();
        List<Boolean> seen = new ArrayList<>();
        duringMigration = () -> {
            ReportHealth served = endpoint.serving.orElseThrow(() -> new AssertionError("endpoint not open yet"));
            seen.add(endpoint.open);
            seen.add(served.ready());
            seen.add(!backups.list().isEmpty());
            assertEquals(SchemaVersion.of(2), served.health().schemaVersion(), "/health answers while migrating");
        };

        try (RunDaemon.Running running = daemon.start()) {
            assertEquals(List.of(true, false, true), seen, "open, not ready, backup already taken");
            assertTrue(daemon.ready());
            assertEquals(List.of("migrate", "prepare"), events);
            assertEquals(List.of("check"), workers.scheduled);
        }
        assertFalse(daemon.ready());
        assertFalse(lock.held());
    }

    @Test
    void aDatabaseAheadStopsTheStartWithExitFiveAndClosesTheEndpointAndTheLock() {
        history.moveTo(SchemaVersion.of(3));
        DaemonService daemon = daemon();
        WaiaasException e = assertThrows(WaiaasException.class, daemon::start);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertFalse(endpoint.open, "the endpoint closes again");
        assertFalse(lock.held(), "the lock is released");
        assertFalse(daemon.ready());
        assertEquals(List.of(), events, "nothing migrated, no job prepared");
        assertEquals(List.of(), workers.scheduled);
        assertEquals(List.of(), backups.list());
    }

    @Test
    void aTakenPortFailsBeforeTheDatabaseIsTouched() {
        endpoint.failure = ApplicationException.failed("cannot listen on 127.0.0.1:3100: Address already in use");
        DaemonService daemon = daemon();
        assertThrows(WaiaasException.class, daemon::start);
        assertEquals(0, fake.migrations());
        assertEquals(Optional.of(SchemaVersion.of(1)), history.current());
        assertFalse(lock.held());
    }

    @Test
    void aSecondStartIsRefusedWhileTheLockIsHeld() {
        lock.holdElsewhere();
        WaiaasException e = assertThrows(WaiaasException.class, daemon()::start);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertFalse(endpoint.open);
        assertEquals(0, fake.migrations());
    }
}
