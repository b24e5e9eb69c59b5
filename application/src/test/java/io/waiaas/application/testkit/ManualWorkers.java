package io.waiaas.application.testkit;

import io.waiaas.application.port.out.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Run workers on a clock a test moves by hand: nothing runs until {@link #advance} or {@link #tick}, and then on
 * the calling thread, so every run is deterministic; the verified fake of {@link Workers}; thread-safe.
 *
 * <p>A run may itself call {@link #advance} (as a slow run would let time pass); the ticks that come meanwhile
 * find the worker running and are skipped, as the port requires.
 */
public final class ManualWorkers implements Workers {
    private final List<Worker> workers = new ArrayList<>();
    private Duration now = Duration.ZERO;
    private boolean closed;

    /** Record one {@link #schedule} call. */
    public record Scheduled(String name, Duration interval, boolean runImmediately) {}

    @Override
    public synchronized void schedule(String name, Duration interval, boolean runImmediately, Runnable work) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(work, "work");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        if (closed) {
            throw new IllegalStateException("background workers are stopped");
        }
        workers.add(new Worker(
                new Scheduled(name, interval, runImmediately), work, runImmediately ? now : now.plus(interval)));
    }

    /** Let {@code time} pass: fire every tick that falls due, in time order, each on the calling thread. */
    public synchronized void advance(Duration time) {
        if (time.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + time);
        }
        Duration target = now.plus(time);
        while (!closed) {
            Optional<Worker> due = workers.stream()
                    .filter(w -> w.nextDue.compareTo(target) <= 0)
                    .min(Comparator.comparing((Worker w) -> w.nextDue));
            if (due.isEmpty()) {
                break;
            }
            Worker worker = due.get();
            if (worker.nextDue.compareTo(now) > 0) {
                now = worker.nextDue;
            }
            worker.nextDue = worker.nextDue.plus(worker.scheduled.interval());
            worker.tick();
        }
        if (target.compareTo(now) > 0) {
            now = target;
        }
    }

    /** Fire every tick due now, such as the first run of a worker scheduled to run at once. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Fire one tick of worker {@code name} now, out of its schedule; skipped while it runs. */
    public synchronized void tick(String name) {
        if (!closed) {
            worker(name).tick();
        }
    }

    /** Return every schedule call, oldest first. */
    public synchronized List<Scheduled> scheduled() {
        return workers.stream().map(w -> w.scheduled).toList();
    }

    /** Return how many runs of worker {@code name} ended, well or not. */
    public synchronized int runs(String name) {
        return worker(name).runs;
    }

    /** Return how many runs of worker {@code name} failed. */
    public synchronized int failures(String name) {
        return worker(name).failures;
    }

    /** Return how many ticks of worker {@code name} were skipped because it was still running. */
    public synchronized int skippedTicks(String name) {
        return worker(name).skipped;
    }

    /** Tell whether {@link #close()} was called. */
    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private Worker worker(String name) {
        return workers.stream()
                .filter(w -> w.scheduled.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no worker " + name));
    }

    private static final class Worker {
        final Scheduled scheduled;
        final Runnable work;
        Duration nextDue;
        boolean running;
        int runs;
        int failures;
        int skipped;

        Worker(Scheduled scheduled, Runnable work, Duration nextDue) {
            this.scheduled = scheduled;
            this.work = work;
            this.nextDue = nextDue;
        }

        void tick() {
            if (running) {
                skipped++;
                return;
            }
            running = true;
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                failures++;
            } finally {
                running = false;
                runs++;
            }
        }
    }
}
