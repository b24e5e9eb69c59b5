package io.waiaas.domain;

import java.util.Objects;

/** Say how a webhook receiver answered one POST: with an HTTP status, or not at all. */
public sealed interface WebhookAnswer {

    /** The receiver answered with HTTP status {@code code}. */
    record Status(int code) implements WebhookAnswer {
        public Status {
            if (code < 100 || code > 999) {
                throw new IllegalArgumentException("not an HTTP status: " + code);
            }
        }
    }

    /**
     * No answer: the connection was refused, the request timed out, or the receiver hung up.
     *
     * @param reason one line naming what happened, without the token or the receiver's path
     */
    record Unreachable(String reason) implements WebhookAnswer {
        public Unreachable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Return the answer as one short phrase for logs and {@code status}, such as {@code HTTP 503}. */
    default String describe() {
        return switch (this) {
            case Status s -> "HTTP " + s.code();
            case Unreachable u -> u.reason();
        };
    }
}
