package io.waiaas.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.ReportHealth;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.application.port.out.InstanceLock;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.application.port.out.Workers;
import io.waiaas.application.testkit.FakeEndpoint;
import io.waiaas.application.testkit.FakeSchemaMigrator;
import io.waiaas.application.testkit.InMemoryInstanceLock;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.application.testkit.ManualWorkers;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DaemonServiceTest {
    private static final Version BUILD = Version.parse("1.9.0");
    private static final Instant T0 = Instant.parse("2026-11-26T06:00:00Z");
    private static final int PORT = 3100;

    private final MutableClock clock = new MutableClock(T0);
    private final InMemorySchemaHistory history = new InMemorySchemaHistory();
    private final FakeSchemaMigrator migrator = new FakeSchemaMigrator(history, SchemaVersion.of(1),
            SchemaVersion.of(2));
    private final InMemoryInstanceLock lock = new InMemoryInstanceLock(4242);
    private final FakeEndpoint endpoint = new FakeEndpoint();
    private final ManualWorkers workers = new ManualWorkers();
    private final KnownRelease knownRelease = new KnownRelease();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final RecordingJob job = new RecordingJob();
    private Supplier<Workers> workersToStart = () -> recorded(workers);
    private Endpoint endpointToOpen = recorded(endpoint);

    private DaemonService daemon() {
        return new DaemonService(BUILD, new DaemonSettings("127.0.0.1", PORT, Duration.ofSeconds(5)),
                recorded(lock), new SchemaGate(history, recorded(migrator)), endpointToOpen, knownRelease, clock,
                () -> workersToStart.get(), List.of(job));
    }

    @Test
    void aLockHeldByAnotherDaemonRefusesTheStartWithExitFiveAndOpensNothing() {
        lock.takeAs(777);
        DaemonService daemon = daemon();

        WaiaasException e = assertThrows(WaiaasException.class, daemon::start);

        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(5, e.code().exitCode());
        assertTrue(e.getMessage().contains("waiaas stop"), e.getMessage());
        assertEquals(List.of(), events, "no migration, no job, no endpoint, no workers");
        assertEquals(Optional.empty(), history.current(), "the database was not touched");
        assertEquals(Optional.of(777L), lock.publishedPid(), "the other daemon keeps its lock and pid");
        assertFalse(daemon.ready());
    }

    @Test
    void aSchemaRefusalReleasesTheLockAndNeverOpensTheEndpoint() {
        history.moveTo(SchemaVersion.of(3));
        DaemonService daemon = daemon();

        WaiaasException e = assertThrows(WaiaasException.class, daemon::start);

        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(List.of("lock taken", "lock released"), events);
        assertFalse(lock.held());
        assertEquals(Optional.empty(), lock.publishedPid());
        assertEquals(0, endpoint.opened());
        assertEquals(Optional.of(SchemaVersion.of(3)), history.current());
        assertFalse(daemon.ready());
    }

    @Test
    void migratesAndPreparesTheJobsBeforeTheEndpointOpensAndSchedulesThemAfter() {
        try (RunDaemon.Running running = daemon().start()) {
            assertEquals(List.of("lock taken", "migrated to 2", "prepared version-check", "endpoint opened on 3100",
                    "workers started", "scheduled version-check every PT1H at once"), events);
            assertEquals(List.of(new ManualWorkers.Scheduled("version-check", Duration.ofHours(1), true)),
                    workers.scheduled());
            assertEquals(0, job.runs, "the first run is the workers' business, never the start's");
            workers.runDue();
            assertEquals(1, job.runs);
        }
    }

    @Test
    void closingStopsTheWorkersThenTheEndpointThenReleasesTheLockOnce() throws InterruptedException {
        RunDaemon.Running running = daemon().start();
        events.clear();

        running.close();
        running.close();

        assertEquals(List.of("workers stopped", "endpoint closed", "lock released"), events);
        assertTrue(workers.closed());
        assertFalse(endpoint.listening());
        assertFalse(lock.held());
        assertEquals(Optional.empty(), lock.publishedPid());
        running.awaitStopped();
    }

    @Test
    void awaitStoppedReturnsOnceAnotherThreadClosesTheDaemon() {
        RunDaemon.Running running = daemon().start();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Thread closer = Thread.ofPlatform().start(running::close);
            running.awaitStopped();
            closer.join();
        });
        assertFalse(lock.held());
    }

    @Test
    void theEndpointServesThisDaemonsHealthOnThePortItReports() {
        DaemonService daemon = daemon();
        try (RunDaemon.Running running = daemon.start()) {
            assertEquals(PORT, running.port());
            ReportHealth served = endpoint.served(running.port()).orElseThrow();
            assertEquals(daemon.health(), served.health());
            assertTrue(served.ready());
        }
    }

    @Test
    void healthTellsTheUptimeSinceTheStartAndTheTimeOfTheClock() {
        DaemonService daemon = daemon();
        clock.advance(Duration.ofMinutes(10));
        try (RunDaemon.Running running = daemon.start()) {
            clock.advance(Duration.ofSeconds(42));
            HealthSnapshot health = daemon.health();
            assertEquals(new HealthSnapshot(BUILD, Optional.empty(), SchemaVersion.of(2), Duration.ofSeconds(42),
                    T0.plus(Duration.ofMinutes(10)).plusSeconds(42)), health);
            knownRelease.update(Version.parse("1.10.0"));
            assertEquals(Optional.of(Version.parse("1.10.0")), daemon.health().latestVersion());
            assertTrue(daemon.health().updateAvailable());
        }
    }

    @Test
    void uptimeIsNeverNegativeWhenTheClockStepsBack() {
        DaemonService daemon = daemon();
        try (RunDaemon.Running running = daemon.start()) {
            clock.set(T0.minus(Duration.ofHours(1)));
            assertEquals(Duration.ZERO, daemon.health().uptime());
            assertEquals(T0.minus(Duration.ofHours(1)), daemon.health().timestamp());
        }
    }

    @Test
    void isReadyOnlyWhileRunning() {
        DaemonService daemon = daemon();
        assertFalse(daemon.ready(), "before start");
        RunDaemon.Running running = daemon.start();
        assertTrue(daemon.ready(), "while running");
        running.close();
        assertFalse(daemon.ready(), "after close");
    }

    @Test
    void aTakenPortReleasesTheLockAndStartsNoWorkers() {
        endpoint.occupy(PORT);
        DaemonService daemon = daemon();

        WaiaasException e = assertThrows(WaiaasException.class, daemon::start);

        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().contains(Integer.toString(PORT)), e.getMessage());
        assertFalse(lock.held());
        assertFalse(daemon.ready());
        assertFalse(events.contains("workers started"), events.toString());
    }

    @Test
    void workersThatCannotStartCloseTheEndpointAndReleaseTheLock() {
        workersToStart = () -> {
            throw new IllegalStateException("no threads left");
        };
        DaemonService daemon = daemon();

        IllegalStateException e = assertThrows(IllegalStateException.class, daemon::start);

        assertEquals("no threads left", e.getMessage());
        assertEquals(List.of("endpoint closed", "lock released"), events.subList(events.size() - 2, events.size()));
        assertFalse(endpoint.listening());
        assertFalse(lock.held());
        assertFalse(daemon.ready());
    }

    @Test
    void theLockIsReleasedEvenWhenTheEndpointFailsToClose() {
        Endpoint failingToClose = (settings, health) -> {
            Endpoint.Listening listening = endpoint.open(settings, health);
            return new Endpoint.Listening() {
                @Override
                public int port() {
                    return listening.port();
                }

                @Override
                public void close() {
                    listening.close();
                    throw new IllegalStateException("stuck connection");
                }
            };
        };
        endpointToOpen = failingToClose;
        RunDaemon.Running running = daemon().start();

        assertThrows(IllegalStateException.class, running::close);

        assertFalse(lock.held());
        assertTimeoutPreemptively(Duration.ofSeconds(10), running::awaitStopped);
    }

    private InstanceLock recorded(InstanceLock delegate) {
        return () -> delegate.tryAcquire().map(lease -> {
            events.add("lock taken");
            return () -> {
                events.add("lock released");
                lease.close();
            };
        });
    }

    private Endpoint recorded(Endpoint delegate) {
        return (settings, health) -> {
            Endpoint.Listening listening = delegate.open(settings, health);
            events.add("endpoint opened on " + listening.port());
            return new Endpoint.Listening() {
                @Override
                public int port() {
                    return listening.port();
                }

                @Override
                public void close() {
                    events.add("endpoint closed");
                    listening.close();
                }
            };
        };
    }

    private SchemaMigrator recorded(FakeSchemaMigrator delegate) {
        return new SchemaMigrator() {
            @Override
            public SchemaVersion latest() {
                return delegate.latest();
            }

            @Override
            public SchemaVersion minCompatible() {
                return delegate.minCompatible();
            }

            @Override
            public SchemaVersion migrate() {
                SchemaVersion reached = delegate.migrate();
                events.add("migrated to " + reached);
                return reached;
            }
        };
    }

    private Workers recorded(ManualWorkers delegate) {
        events.add("workers started");
        return new Workers() {
            @Override
            public void schedule(String name, Duration interval, boolean runImmediately, Runnable work) {
                events.add("scheduled " + name + " every " + interval + (runImmediately ? " at once" : ""));
                delegate.schedule(name, interval, runImmediately, work);
            }

            @Override
            public void close() {
                events.add("workers stopped");
                delegate.close();
            }
        };
    }

    /** A background job that records when it is prepared and run. */
    private final class RecordingJob implements BackgroundJob {
        int runs;

        @Override
        public String name() {
            return "version-check";
        }

        @Override
        public Duration interval() {
            return Duration.ofHours(1);
        }

        @Override
        public void prepare() {
            events.add("prepared " + name());
        }

        @Override
        public void run() {
            runs++;
        }
    }
}
