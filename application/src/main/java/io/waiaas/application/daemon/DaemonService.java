package io.waiaas.application.daemon;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.application.port.out.InstanceLock;
import io.waiaas.application.port.out.OperatorLog;
import io.waiaas.application.port.out.Workers;
import io.waiaas.application.schema.SchemaGate;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Run the daemon in this process: lock, the schema gate's refusal (before anything binds), endpoint (not ready yet),
 * schema gate, ready, background jobs; and report
 * its health from memory.
 */
public final class DaemonService implements RunDaemon, Endpoint.Served {
    private final Version version;
    private final DaemonSettings settings;
    private final InstanceLock lock;
    private final SchemaGate schemaGate;
    private final Endpoint endpoint;
    private final KnownRelease knownRelease;
    private final InstantSource clock;
    private final Supplier<Workers> workers;
    private final List<BackgroundJob> jobs;
    private final OperatorLog log;

    private volatile Instant startedAt;
    private volatile boolean ready;

    public DaemonService(
            Version version,
            DaemonSettings settings,
            InstanceLock lock,
            SchemaGate schemaGate,
            Endpoint endpoint,
            KnownRelease knownRelease,
            InstantSource clock,
            Supplier<Workers> workers,
            List<BackgroundJob> jobs,
            OperatorLog log) {
        this.version = Objects.requireNonNull(version, "version");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.schemaGate = Objects.requireNonNull(schemaGate, "schemaGate");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.knownRelease = Objects.requireNonNull(knownRelease, "knownRelease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.jobs = List.copyOf(jobs);
        this.log = Objects.requireNonNull(log, "log");
        this.startedAt = clock.instant();
    }

    @Override
    public Running start() {
        InstanceLock.Lease lease = lock.tryAcquire()
                .orElseThrow(() -> ApplicationException.refused(
                        "waiaas is already running for this data dir; stop it first with: waiaas stop"));
        Endpoint.Listening listening;
        try {
            // A database this build cannot run on is refused before the port is bound: a refusal binds nothing.
            schemaGate.refuseIfIncompatible();
            ready = false;
            startedAt = clock.instant();
            // The endpoint opens before the schema gate, so /health answers and readiness says DOWN while the
            // database is backed up and migrated (HLTH-B2); a taken port fails before the database is touched.
            listening = endpoint.open(settings, this);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        try {
            schemaGate.apply();
            jobs.forEach(BackgroundJob::prepare);
            ready = true;
            RunningDaemon running = new RunningDaemon(lease, listening, startJobs());
            // The daemon log's first and last lines of a run (LOGS-03): the log tells when it served and when not.
            log.info("waiaas " + version + " serving on port " + listening.port());
            return running;
        } catch (RuntimeException e) {
            ready = false;
            try {
                listening.close();
            } finally {
                lease.close();
            }
            throw e;
        }
    }

    private Workers startJobs() {
        Workers started = workers.get();
        // Jobs start after the endpoint is open: a slow registry must never delay the daemon's start-up.
        jobs.forEach(job -> started.schedule(job.name(), job.interval(), true, job::run));
        return started;
    }

    @Override
    public HealthSnapshot health() {
        Instant now = clock.instant();
        Duration uptime = Duration.between(startedAt, now);
        return new HealthSnapshot(
                version, knownRelease.latest(), schemaGate.latest(), uptime.isNegative() ? Duration.ZERO : uptime, now);
    }

    @Override
    public boolean ready() {
        return ready;
    }

    private final class RunningDaemon implements Running {
        private final InstanceLock.Lease lease;
        private final Endpoint.Listening listening;
        private final Workers workers;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final AtomicBoolean closing = new AtomicBoolean();

        RunningDaemon(InstanceLock.Lease lease, Endpoint.Listening listening, Workers workers) {
            this.lease = lease;
            this.listening = listening;
            this.workers = workers;
        }

        @Override
        public int port() {
            return listening.port();
        }

        @Override
        public void awaitStopped() throws InterruptedException {
            stopped.await();
        }

        @Override
        public void close() {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            ready = false;
            try {
                workers.close();
                listening.close();
            } finally {
                lease.close();
                log.info("waiaas " + version + " stopped");
                stopped.countDown();
            }
        }
    }
}
