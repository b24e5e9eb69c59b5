package io.waiaas.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.host.FileDeliveryCursor;
import io.waiaas.adapters.host.FileUpgradeHistory;
import io.waiaas.adapters.host.ThreadPause;
import io.waiaas.adapters.http.HttpAdapters;
import io.waiaas.application.notify.WebhookService;
import io.waiaas.application.notify.WebhookSettings;
import io.waiaas.application.port.out.Webhook;
import io.waiaas.application.testkit.LoopbackReceiver;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.RecordingOperatorLog;
import io.waiaas.domain.DeliveryPolicy;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookDelivery;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook delivery over the real adapters, in real time: the history and cursor files of a data dir, the JDK's HTTP
 * client and a receiver on 127.0.0.1 that is down or slow. Nothing may take longer than its bound.
 */
class WebhookDeliveryIT {
    private static final Version N = Version.parse("0.1.0");
    private static final Version NEXT = Version.parse("0.1.1");
    private static final DeliveryPolicy POLICY = new DeliveryPolicy(3, Duration.ofMillis(200), Duration.ofMillis(400));

    @TempDir
    Path dataDir;

    private final RecordingOperatorLog log = new RecordingOperatorLog();

    private WebhookService service(URI url) {
        Webhook webhook = HttpAdapters.webhook(url, Optional.empty());
        return new WebhookService(
                new WebhookSettings(
                        "host-1",
                        HttpAdapters.webhookOrigin(url),
                        POLICY,
                        Duration.ofMillis(500),
                        Duration.ofHours(24)),
                new FileUpgradeHistory(dataDir),
                Optional.empty(),
                new FileDeliveryCursor(dataDir),
                webhook,
                InstantSource.system(),
                new ThreadPause(),
                log);
    }

    private void upgradeStarted() {
        new FileUpgradeHistory(dataDir)
                .record(UpgradeRecord.started(InstantSource.system().instant(), N, NEXT));
    }

    private static Duration timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private Optional<WebhookDelivery> last() {
        return new FileDeliveryCursor(dataDir).read().flatMap(s -> s.last());
    }

    @Test
    void aReceiverThatIsDownIsRetriedWithBackoffThenGivenUpWithinTheBound() {
        upgradeStarted();
        URI down = LoopbackRegistry.closedPortUri().resolve("/hook");
        Duration took =
                timed(() -> assertEquals(WebhookService.Pass.DONE, service(down).deliverWithin(Duration.ofSeconds(5))));
        // Three attempts 200 ms and 400 ms apart, then given up: far less than the 5 s budget.
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
        assertEquals(WebhookDelivery.Outcome.GAVE_UP, last().orElseThrow().outcome());
        assertEquals(
                1,
                log.lines().stream()
                        .filter(l -> l.message().contains("gave up"))
                        .count(),
                log.lines()::toString);

        try (LoopbackReceiver receiver = LoopbackReceiver.start()) {
            upgradeStarted();
            service(receiver.uri()).deliverDue();
            assertEquals(1, receiver.received().size(), "the event after the one given up was not delivered");
        }
    }

    @Test
    void aSlowReceiverHoldsTheUpgradesPassOnlyForItsBudgetAndTheDaemonsForOnePost() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.start().answeringAfter(Duration.ofSeconds(10))) {
            upgradeStarted();
            Duration bounded = timed(() -> assertEquals(
                    WebhookService.Pass.WAITING, service(receiver.uri()).deliverWithin(Duration.ofSeconds(1))));
            assertTrue(bounded.compareTo(Duration.ofMillis(2500)) < 0, "the upgrade's pass took " + bounded);
            assertEquals(WebhookDelivery.Outcome.RETRYING, last().orElseThrow().outcome());

            Thread.sleep(POLICY.maxDelay().toMillis()); // let the retry fall due
            Duration daemon = timed(() -> service(receiver.uri()).deliverDue());
            assertTrue(daemon.compareTo(Duration.ofMillis(2000)) < 0, "the daemon's pass took " + daemon);
            assertTrue(receiver.received().size() >= 2, "the retry was not made");
            // Delivered at least once, never lost: the receiver got the same id each time.
            assertEquals(
                    1,
                    receiver.received().stream().map(r -> r.body()).distinct().count());
        }
    }
}
