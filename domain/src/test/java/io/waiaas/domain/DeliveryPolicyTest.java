package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final DeliveryPolicy POLICY = new DeliveryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(10));

    private static WebhookAnswer answer(String text) {
        return text.startsWith("HTTP ")
                ? new WebhookAnswer.Status(Integer.parseInt(text.substring(5)))
                : new WebhookAnswer.Unreachable(text);
    }

    /** Attempt number, the answer it got, then: delivered, retry after N s, or give up. */
    @ParameterizedTest(name = "attempt {0}, {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1 | HTTP 200           | delivered
            1 | HTTP 204           | delivered
            3 | HTTP 299           | delivered
            1 | connection refused | retry 2
            2 | connection refused | retry 4
            3 | HTTP 503           | retry 8
            4 | HTTP 500           | retry 10
            1 | HTTP 429           | retry 2
            1 | HTTP 408           | retry 2
            1 | HTTP 425           | retry 2
            5 | connection refused | give up
            5 | HTTP 502           | give up
            6 | HTTP 502           | give up
            1 | HTTP 400           | give up
            1 | HTTP 401           | give up
            1 | HTTP 404           | give up
            1 | HTTP 410           | give up
            1 | HTTP 301           | give up
            1 | HTTP 302           | give up
            1 | HTTP 100           | give up
            """)
    void decidesAfterEachAttempt(int attempt, String answer, String expected) {
        DeliveryPolicy.Decision decision = POLICY.after(attempt, answer(answer), NOW);
        String got = switch (decision) {
            case DeliveryPolicy.Decision.Delivered d -> "delivered";
            case DeliveryPolicy.Decision.RetryAt r -> {
                assertEquals(attempt, r.attempts());
                yield "retry " + Duration.between(NOW, r.at()).toSeconds();
            }
            case DeliveryPolicy.Decision.GiveUp g -> {
                assertEquals(attempt, g.attempts());
                yield "give up";
            }
        };
        assertEquals(expected, got);
    }

    @ParameterizedTest(name = "after attempt {0}: {1} s")
    @CsvSource({"1,5", "2,10", "3,20", "4,40", "7,320", "8,600", "9,600", "1000000,600"})
    void theDefaultBacksOffFrom5SecondsTo10Minutes(int attempt, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), DeliveryPolicy.DEFAULT.delayAfter(attempt));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTP 404           | the receiver refused it (HTTP 404)
            HTTP 503           | HTTP 503 after 5 attempts
            connection refused | connection refused after 5 attempts
            """)
    void aGiveUpSaysWhy(String answer, String why) {
        int attempt = answer.equals("HTTP 404") ? 1 : 5;
        assertEquals(new DeliveryPolicy.Decision.GiveUp(attempt, why), POLICY.after(attempt, answer(answer), NOW));
    }
}
