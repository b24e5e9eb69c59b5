package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.Webhook;
import io.waiaas.domain.Notification;
import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Webhook} must show: the receiver gets each event with the bearer token, its answer comes
 * back as it was, and a receiver that is down or slow is an answer too, within the timeout, never an exception and
 * never with the token in its words.
 */
public interface WebhookContract {

    /** The token every webhook of this contract is configured with. */
    String TOKEN = "wh-contract-token-5f1d9a";

    /** Return a webhook whose receiver answers every POST with {@code status}. */
    Webhook toReceiverAnswering(int status);

    /** Return a webhook whose receiver is down: nothing listens. */
    Webhook toADownReceiver();

    /** Return a webhook whose receiver reads each POST and answers 200 only after {@code delay}. */
    Webhook toASlowReceiver(Duration delay);

    /** Return the ids of the events the last receiver got, in the order it got them. */
    List<String> receivedIds();

    /** Return the {@code Authorization} header of each POST the last receiver got. */
    List<Optional<String>> receivedAuthorizations();

    /** Return an event with id {@code id}. */
    static Notification event(String id) {
        return new Notification(
                "upgrade.rolled_back",
                id,
                Instant.parse("2026-12-07T10:15:30.123Z"),
                "host-1",
                Optional.of(Version.parse("0.1.0")),
                Optional.of(Version.parse("0.1.1")),
                Optional.of("migration-failed"),
                "upgrade from 0.1.0 to 0.1.1 failed (migration-failed) and was rolled back");
    }

    Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    default void aTakenEventComesBackWithItsStatus() {
        Webhook webhook = toReceiverAnswering(204);
        assertEquals(new WebhookAnswer.Status(204), webhook.post(event("e-1"), TIMEOUT));
        assertEquals(List.of("e-1"), receivedIds());
    }

    @Test
    default void eventsArriveInTheOrderPostedWithTheBearerToken() {
        Webhook webhook = toReceiverAnswering(200);
        for (String id : List.of("e-1", "e-2", "e-3")) {
            assertEquals(new WebhookAnswer.Status(200), webhook.post(event(id), TIMEOUT));
        }
        assertEquals(List.of("e-1", "e-2", "e-3"), receivedIds());
        assertEquals(
                List.of(Optional.of("Bearer " + TOKEN)),
                receivedAuthorizations().stream().distinct().toList());
    }

    @Test
    default void aRefusalComesBackWithItsStatus() {
        assertEquals(new WebhookAnswer.Status(503), toReceiverAnswering(503).post(event("e-1"), TIMEOUT));
        assertEquals(new WebhookAnswer.Status(404), toReceiverAnswering(404).post(event("e-2"), TIMEOUT));
    }

    @Test
    default void aDownReceiverIsUnreachableAndNeverNamesTheToken() {
        WebhookAnswer answer = toADownReceiver().post(event("e-1"), TIMEOUT);
        WebhookAnswer.Unreachable unreachable = assertInstanceOf(WebhookAnswer.Unreachable.class, answer);
        assertFalse(unreachable.reason().contains(TOKEN), unreachable.reason());
        assertFalse(unreachable.reason().isBlank());
    }

    @Test
    default void aSlowReceiverIsCutShortByTheTimeout() {
        Webhook webhook = toASlowReceiver(Duration.ofSeconds(20));
        long start = System.nanoTime();
        WebhookAnswer answer = webhook.post(event("e-1"), Duration.ofMillis(500));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        WebhookAnswer.Unreachable unreachable = assertInstanceOf(WebhookAnswer.Unreachable.class, answer);
        assertFalse(unreachable.reason().contains(TOKEN), unreachable.reason());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "the POST took " + took + " with a 500 ms timeout");
    }

    @Test
    default void aSlowReceiverWithinTheTimeoutIsWaitedFor() {
        Webhook webhook = toASlowReceiver(Duration.ofMillis(200));
        assertEquals(new WebhookAnswer.Status(200), webhook.post(event("e-1"), TIMEOUT));
        assertEquals(List.of("e-1"), receivedIds());
    }
}
