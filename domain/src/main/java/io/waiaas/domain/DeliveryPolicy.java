package io.waiaas.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decide what happens to a webhook event after one attempt to post it: delivered, retried later with an exponential
 * backoff, or given up (OPS-03).
 *
 * <p>A 2xx answer delivers the event. No answer, 408, 425, 429 and 5xx are worth another try, after
 * {@code firstDelay}, then twice as long each time up to {@code maxDelay}, for at most {@code maxAttempts} attempts in
 * all. Any other answer (a redirect, which is never followed, or another 4xx) is the receiver refusing the event:
 * trying again would not change it, so it is given up at once.
 *
 * @param maxAttempts how many attempts an event gets in all, at least 1
 * @param firstDelay the wait before the second attempt, positive
 * @param maxDelay the longest wait between two attempts, at least {@code firstDelay}
 */
public record DeliveryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {

    /** Ten attempts, 5 s apart at first and at most 10 min apart: about half an hour before giving up. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(10, Duration.ofSeconds(5), Duration.ofMinutes(10));

    public DeliveryPolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must be positive and maxDelay >= firstDelay");
        }
    }

    /** What to do with the event after an attempt. */
    public sealed interface Decision {
        /** The receiver took it: go on with the next event. */
        record Delivered() implements Decision {}

        /**
         * Try again at {@code at}; {@code attempts} were made so far.
         */
        record RetryAt(Instant at, int attempts) implements Decision {
            public RetryAt {
                Objects.requireNonNull(at, "at");
            }
        }

        /** Stop trying; {@code why} says what the last attempt got, for the one log line. */
        record GiveUp(int attempts, String why) implements Decision {
            public GiveUp {
                Objects.requireNonNull(why, "why");
            }
        }
    }

    /**
     * Decide after attempt number {@code attempt} (1 for the first) got {@code answer} at {@code now}.
     */
    public Decision after(int attempt, WebhookAnswer answer, Instant now) {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(now, "now");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are counted from 1: " + attempt);
        }
        return switch (answer) {
            case WebhookAnswer.Status s when s.code() >= 200 && s.code() < 300 -> new Decision.Delivered();
            case WebhookAnswer.Status s
            when !worthRetrying(s.code()) ->
                new Decision.GiveUp(attempt, "the receiver refused it (" + answer.describe() + ")");
            default ->
                attempt >= maxAttempts
                        ? new Decision.GiveUp(attempt, answer.describe() + " after " + attempt + " attempts")
                        : new Decision.RetryAt(now.plus(delayAfter(attempt)), attempt);
        };
    }

    /** Return the wait after failed attempt number {@code attempt}: {@code firstDelay * 2^(attempt-1)}, capped. */
    public Duration delayAfter(int attempt) {
        Duration delay = firstDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private static boolean worthRetrying(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }
}
