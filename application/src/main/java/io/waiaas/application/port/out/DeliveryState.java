package io.waiaas.application.port.out;

import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookDelivery;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How far webhook delivery got: the events before it were delivered or given up, and the one being retried waits.
 *
 * @param since when webhooks first ran on this data dir: older events than the first-use window before it are never
 *     replayed
 * @param historyDone how many lines of the upgrade history were delivered or given up, from the first
 * @param updateDone the newest release whose {@code update.available} was delivered or given up
 * @param retry the event being retried, when the last attempt failed and it will be tried again
 * @param last what became of the last attempt, for {@code status}
 */
public record DeliveryState(
        Instant since,
        int historyDone,
        Optional<Version> updateDone,
        Optional<Retry> retry,
        Optional<WebhookDelivery> last) {

    public DeliveryState {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(updateDone, "updateDone");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(last, "last");
        if (historyDone < 0) {
            throw new IllegalArgumentException("historyDone must not be negative: " + historyDone);
        }
    }

    /** Return the state of a data dir whose webhooks run for the first time at {@code now}. */
    public static DeliveryState firstRun(Instant now) {
        return new DeliveryState(now, 0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * An event that failed and waits for its next attempt.
     *
     * @param id the event's id
     * @param attempts how many attempts were made
     * @param next when the next one is due
     */
    public record Retry(String id, int attempts, Instant next) {
        public Retry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(next, "next");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
            }
        }
    }
}
