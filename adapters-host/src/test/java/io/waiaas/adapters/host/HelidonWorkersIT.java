package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.Workers;
import io.waiaas.application.testkit.WorkersContract;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the {@link WorkersContract} against Helidon Scheduling in real time, plus what only Helidon's workers do. */
class HelidonWorkersIT implements WorkersContract {

    @Override
    public Workers newWorkers() {
        return new HelidonWorkers(Duration.ofSeconds(5));
    }

    @Override
    public void letTimePass(Workers workers, Duration time) {
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aHangingWorkerDoesNotDelayAnother() {
        CountDownLatch release = new CountDownLatch(1);
        try (HelidonWorkers workers = new HelidonWorkers(Duration.ofMillis(200))) {
            workers.schedule("stuck", Duration.ofMillis(20), true, () -> awaitQuietly(release));
            workers.schedule("healthy", Duration.ofMillis(20), true, () -> {});
            awaitUntil(workers, () -> workers.completedRuns("healthy") >= 5, "five healthy runs");
            awaitUntil(workers, () -> workers.skippedTicks("stuck") >= 2, "two skipped ticks");
            assertEquals(0, workers.completedRuns("stuck"));
            release.countDown();
        }
    }

    @Test
    void countsTheTicksSkippedWhileAWorkerRuns() {
        CountDownLatch release = new CountDownLatch(1);
        try (HelidonWorkers workers = new HelidonWorkers(Duration.ofSeconds(5))) {
            workers.schedule("slow", Duration.ofMillis(10), true, () -> awaitQuietly(release));
            awaitUntil(workers, () -> workers.skippedTicks("slow") >= 10, "ten skipped ticks");
            release.countDown();
            awaitUntil(workers, () -> workers.completedRuns("slow") >= 1, "the slow run ending");
            assertTrue(workers.completedRuns("slow") < workers.skippedTicks("slow"));
        }
    }

    @Test
    void closeGivesUpOnARunPastTheDeadline() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        HelidonWorkers workers = new HelidonWorkers(Duration.ofMillis(100));
        workers.schedule("stuck", Duration.ofHours(1), true, () -> {
            started.countDown();
            letTimePass(workers, Duration.ofMinutes(1));
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        workers.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "close did not respect its deadline");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
