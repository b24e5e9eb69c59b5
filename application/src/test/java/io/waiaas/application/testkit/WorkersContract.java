package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.waiaas.application.port.out.Workers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Workers} must show: runs at once when asked and then every interval, a run that
 * spans ticks is never overlapped and its missed ticks are dropped, a failure never stops a worker or another,
 * and {@link Workers#close()} waits for the run in flight and stops the ticks.
 *
 * <p>Time passes through {@link #letTimePass}: real time for a real implementation, by hand for a manual one. The
 * contract only asserts what both must show, never a speed.
 */
public interface WorkersContract {

    /** The interval of the workers the contract schedules; short, as time may pass for real. */
    Duration INTERVAL = Duration.ofMillis(50);

    /** A step of waiting in {@link #awaitUntil}. */
    Duration STEP = INTERVAL.dividedBy(5);

    /** How many steps {@link #awaitUntil} takes at most: a bound, not a target. */
    int MAX_STEPS = 1_000;

    /** Create workers. */
    Workers newWorkers();

    /**
     * Let {@code time} pass for {@code workers}; called by the tests and from inside a worker's run.
     *
     * @param workers workers from {@link #newWorkers()}
     * @param time how much time passes
     */
    void letTimePass(Workers workers, Duration time);

    /** Let time pass in steps until {@code condition} holds, failing after {@link #MAX_STEPS}. */
    default void awaitUntil(Workers workers, BooleanSupplier condition, String what) {
        for (int step = 0; !condition.getAsBoolean(); step++) {
            if (step >= MAX_STEPS) {
                fail(what + " did not happen within " + MAX_STEPS + " steps of " + STEP.toMillis() + " ms");
            }
            letTimePass(workers, STEP);
        }
    }

    @Test
    default void runsOnceAtOnceWhenAskedAndNotAgainBeforeTheInterval() {
        AtomicInteger runs = new AtomicInteger();
        try (Workers workers = newWorkers()) {
            workers.schedule("check", Duration.ofHours(1), true, runs::incrementAndGet);
            awaitUntil(workers, () -> runs.get() == 1, "the run at once");
            letTimePass(workers, INTERVAL.multipliedBy(4));
            assertEquals(1, runs.get());
        }
    }

    @Test
    default void runsNothingBeforeTheFirstIntervalUnlessAskedToRunAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        try (Workers workers = newWorkers()) {
            workers.schedule("check", Duration.ofHours(1), false, runs::incrementAndGet);
            letTimePass(workers, INTERVAL.multipliedBy(6));
            assertEquals(0, runs.get());
        }
    }

    @Test
    default void runsAgainEveryInterval() {
        AtomicInteger runs = new AtomicInteger();
        try (Workers workers = newWorkers()) {
            workers.schedule("check", INTERVAL, false, runs::incrementAndGet);
            awaitUntil(workers, () -> runs.get() >= 3, "three runs");
        }
    }

    @Test
    default void keepsRunningAfterRunsThatFail() {
        AtomicInteger runs = new AtomicInteger();
        try (Workers workers = newWorkers()) {
            workers.schedule("flaky", INTERVAL, true, () -> {
                if (runs.incrementAndGet() % 2 == 1) {
                    throw new IllegalStateException("registry down");
                }
                throw new Error("worse than a registry down");
            });
            awaitUntil(workers, () -> runs.get() >= 4, "four failing runs");
        }
    }

    @Test
    default void aFailingWorkerNeverStopsAnother() {
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger healthy = new AtomicInteger();
        try (Workers workers = newWorkers()) {
            workers.schedule("failing", INTERVAL, true, () -> {
                failed.incrementAndGet();
                throw new IllegalStateException("registry down");
            });
            workers.schedule("healthy", INTERVAL, true, healthy::incrementAndGet);
            awaitUntil(workers, () -> healthy.get() >= 3 && failed.get() >= 3, "three runs of each");
        }
    }

    @Test
    default void aRunSpanningManyTicksIsNeverOverlappedAndItsMissedTicksAreDropped() {
        int spanned = 20;
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger runsWhenTheSlowOneEnded = new AtomicInteger();
        AtomicBoolean slowOneEnded = new AtomicBoolean();
        try (Workers workers = newWorkers()) {
            workers.schedule("slow", INTERVAL, true, () -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    if (runs.incrementAndGet() == 1) {
                        letTimePass(workers, INTERVAL.multipliedBy(spanned));
                        runsWhenTheSlowOneEnded.set(runs.get());
                        slowOneEnded.set(true);
                    }
                } finally {
                    inFlight.decrementAndGet();
                }
            });
            awaitUntil(workers, slowOneEnded::get, "the slow run ending");
            assertEquals(1, runsWhenTheSlowOneEnded.get(), "no run started while the slow one ran");
            letTimePass(workers, INTERVAL.multipliedBy(2));
            int after = runs.get() - 1;
            assertTrue(
                    after <= spanned / 3,
                    after + " runs right after the slow one: its " + spanned
                            + " missed ticks were queued, not dropped");
        }
        assertEquals(1, mostInFlight.get(), "runs of one worker overlapped");
    }

    @Test
    default void closeWaitsForTheRunInFlight() {
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        Workers workers = newWorkers();
        workers.schedule("check", Duration.ofHours(1), true, () -> {
            started.set(true);
            letTimePass(workers, INTERVAL.multipliedBy(6));
            finished.set(true);
        });
        awaitUntil(workers, started::get, "the run starting");
        workers.close();
        assertTrue(finished.get(), "close returned while the run was still going");
    }

    @Test
    default void closeStopsTheTicksAndMayBeCalledAgain() {
        AtomicInteger runs = new AtomicInteger();
        Workers workers = newWorkers();
        workers.schedule("check", INTERVAL, true, runs::incrementAndGet);
        awaitUntil(workers, () -> runs.get() >= 2, "two runs");
        workers.close();
        workers.close();
        int atClose = runs.get();
        letTimePass(workers, INTERVAL.multipliedBy(6));
        assertEquals(atClose, runs.get(), "a worker ran after close");
    }

    @Test
    default void refusesToScheduleOnceClosed() {
        Workers workers = newWorkers();
        workers.close();
        assertThrows(IllegalStateException.class, () -> workers.schedule("late", INTERVAL, true, () -> {}));
    }
}
