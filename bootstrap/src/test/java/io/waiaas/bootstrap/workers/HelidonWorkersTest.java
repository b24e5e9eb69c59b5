package io.waiaas.bootstrap.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class HelidonWorkersTest {

    @Test
    void runImmediatelyRunsOnceAtStartBeforeTheFirstInterval() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (HelidonWorkers workers = new HelidonWorkers(Duration.ofSeconds(5))) {
            workers.schedule("check", Duration.ofHours(1), true, ran::countDown);
            assertTrue(ran.await(5, TimeUnit.SECONDS), "did not run at start");
        }
    }

    @Test
    void withoutRunImmediatelyNothingRunsBeforeTheInterval() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        try (HelidonWorkers workers = new HelidonWorkers(Duration.ofSeconds(5))) {
            workers.schedule("check", Duration.ofHours(1), false, () -> ran.set(true));
            Thread.sleep(200);
        }
        assertEquals(false, ran.get());
    }

    @Test
    void keepsRunningAtTheIntervalAfterAFailure() throws Exception {
        try (HelidonWorkers workers = new HelidonWorkers(Duration.ofSeconds(5))) {
            workers.schedule("flaky", Duration.ofMillis(20), true, () -> {
                throw new IllegalStateException("registry down");
            });
            awaitTrue(() -> workers.completedRuns("flaky") >= 3);
        }
    }

    @Test
    void aHangingWorkerDoesNotDelayAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (HelidonWorkers workers = new HelidonWorkers(Duration.ofMillis(200))) {
            workers.schedule("stuck", Duration.ofMillis(20), true, () -> awaitQuietly(release));
            workers.schedule("healthy", Duration.ofMillis(20), true, () -> { });
            awaitTrue(() -> workers.completedRuns("healthy") >= 5);
            awaitTrue(() -> workers.skippedTicks("stuck") >= 2);
            assertEquals(0, workers.completedRuns("stuck"));
            release.countDown();
        }
    }

    @Test
    void ticksWhileRunningAreSkippedNotQueued() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (HelidonWorkers workers = new HelidonWorkers(Duration.ofSeconds(5))) {
            workers.schedule("slow", Duration.ofMillis(10), true, () -> awaitQuietly(release));
            awaitTrue(() -> workers.skippedTicks("slow") >= 10);
            release.countDown();
            awaitTrue(() -> workers.completedRuns("slow") >= 1);
            // The skipped ticks were dropped: no burst of queued runs follows the slow one.
            assertTrue(workers.completedRuns("slow") < workers.skippedTicks("slow"));
        }
    }

    @Test
    void closeWaitsForTheRunInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        HelidonWorkers workers = new HelidonWorkers(Duration.ofSeconds(5));
        workers.schedule("check", Duration.ofHours(1), true, () -> {
            started.countDown();
            sleepQuietly(300);
            finished.set(true);
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        workers.close();
        assertTrue(finished.get(), "close returned before the run finished");
        assertThrows(IllegalStateException.class, () -> workers.schedule("late", Duration.ofSeconds(1), true, () -> { }));
    }

    @Test
    void closeGivesUpOnARunPastTheDeadline() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        HelidonWorkers workers = new HelidonWorkers(Duration.ofMillis(100));
        workers.schedule("stuck", Duration.ofHours(1), true, () -> {
            started.countDown();
            sleepQuietly(60_000);
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        workers.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "close did not respect its deadline");
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within 10 s");
            Thread.sleep(5);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
