package io.waiaas.adapters.host;

import io.helidon.scheduling.FixedRate;
import io.helidon.scheduling.Task;
import io.waiaas.application.port.out.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Run the daemon's periodic work on Helidon Scheduling (VCHK-04).
 *
 * <p>Each worker runs once at start when asked ({@code runImmediately}), then at a fixed interval. A tick that
 * comes while the previous run is still running is skipped, not queued. Each worker has its own threads, so a
 * failing or hanging worker never delays another, and a failure is logged and the next tick runs as usual.
 * {@link #close()} stops the ticks and waits for in-flight runs up to a deadline.
 */
public final class HelidonWorkers implements Workers {
    private static final Logger LOG = Logger.getLogger(HelidonWorkers.class.getName());

    private final Duration stopDeadline;
    private final List<Worker> workers = new ArrayList<>();
    private boolean closed;

    /** Create workers whose {@link #close()} waits at most {@code stopDeadline} for in-flight runs. */
    public HelidonWorkers(Duration stopDeadline) {
        this.stopDeadline = Objects.requireNonNull(stopDeadline, "stopDeadline");
    }

    /**
     * Schedule {@code work} every {@code interval}, first right away when {@code runImmediately}.
     *
     * @param name a short name for logs and thread names
     */
    @Override
    public synchronized void schedule(String name, Duration interval, boolean runImmediately, Runnable work) {
        if (closed) {
            throw new IllegalStateException("background workers are stopped");
        }
        workers.add(new Worker(name, interval, runImmediately, work));
    }

    /** Return how many runs of worker {@code name} completed (finished, failed or not); for tests and status. */
    public synchronized long completedRuns(String name) {
        return workers.stream()
                .filter(w -> w.name.equals(name))
                .mapToLong(w -> w.completed.get())
                .sum();
    }

    /** Return how many ticks of worker {@code name} were skipped because it was still running. */
    public synchronized long skippedTicks(String name) {
        return workers.stream()
                .filter(w -> w.name.equals(name))
                .mapToLong(w -> w.skipped.get())
                .sum();
    }

    /** Stop every worker and wait up to the deadline for runs in flight; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(Worker::cancel);
        long deadline = System.nanoTime() + stopDeadline.toNanos();
        for (Worker worker : workers) {
            worker.awaitStopped(Math.max(0, deadline - System.nanoTime()));
        }
    }

    private static final class Worker {
        private final String name;
        private final Runnable work;
        private final ScheduledExecutorService ticker;
        private final ExecutorService runner;
        private final Task task;
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicLong completed = new AtomicLong();
        private final AtomicLong skipped = new AtomicLong();

        Worker(String name, Duration interval, boolean runImmediately, Runnable work) {
            this.name = name;
            this.work = work;
            this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .name("waiaas-" + name + "-tick")
                    .daemon()
                    .factory());
            this.runner = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("waiaas-" + name).daemon().factory());
            this.task = FixedRate.builder()
                    .id(name)
                    .executor(ticker)
                    .delayBy(runImmediately ? Duration.ZERO : interval)
                    .interval(interval)
                    .delayType(FixedRate.DelayType.SINCE_PREVIOUS_START)
                    .task(invocation -> tick())
                    .build();
        }

        /** Start a run on the worker's own thread unless one is still going; the tick thread never blocks. */
        private void tick() {
            if (!running.compareAndSet(false, true)) {
                skipped.incrementAndGet();
                LOG.fine(() -> "worker " + name + " is still running; tick skipped");
                return;
            }
            try {
                runner.execute(this::runOnce);
            } catch (RejectedExecutionException e) {
                running.set(false); // stopping
            }
        }

        private void runOnce() {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "worker " + name + " failed: " + e, e);
            } finally {
                completed.incrementAndGet();
                running.set(false);
            }
        }

        void cancel() {
            task.close();
            ticker.shutdownNow();
            runner.shutdown();
        }

        void awaitStopped(long nanos) {
            try {
                if (!runner.awaitTermination(nanos, TimeUnit.NANOSECONDS)) {
                    LOG.warning("worker " + name + " did not finish within the stop deadline; interrupting it");
                    runner.shutdownNow();
                }
            } catch (InterruptedException e) {
                runner.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
