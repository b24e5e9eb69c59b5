package io.waiaas.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Say what became of the last webhook attempt, as {@code status} shows it.
 *
 * @param at when the attempt ended
 * @param event the event's name, such as {@code upgrade.succeeded}
 * @param id the event's id
 * @param outcome what became of it
 * @param detail the receiver's answer in a few words ({@code HTTP 204}, {@code connection refused}); never the
 *     token or the receiver's path
 */
public record WebhookDelivery(Instant at, String event, String id, Outcome outcome, String detail) {

    /** What became of an attempt. */
    public enum Outcome {
        /** The receiver took the event. */
        DELIVERED,
        /** It failed and will be tried again. */
        RETRYING,
        /** It failed for the last time: the event was given up (and logged). */
        GAVE_UP;

        /** Return the stable code, lower case with hyphens, such as {@code gave-up}. */
        public String code() {
            return Codes.of(this);
        }

        /** Return the outcome whose {@link #code()} is {@code code}, or empty. */
        public static Optional<Outcome> fromCode(String code) {
            return Codes.parse(Outcome.class, code);
        }
    }

    public WebhookDelivery {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
