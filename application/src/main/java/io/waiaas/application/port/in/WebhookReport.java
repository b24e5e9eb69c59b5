package io.waiaas.application.port.in;

import io.waiaas.domain.WebhookDelivery;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether webhooks are configured and how the last attempt went.
 *
 * @param receiver the receiver's origin ({@code https://hooks.example}), never its path or query, which may be a
 *     secret; empty when webhooks are not configured
 * @param last what became of the last attempt; empty when none was made
 */
public record WebhookReport(Optional<String> receiver, Optional<WebhookDelivery> last) {

    public WebhookReport {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(last, "last");
    }

    /** Return the report of a data dir without webhooks. */
    public static WebhookReport off() {
        return new WebhookReport(Optional.empty(), Optional.empty());
    }

    /** Tell whether webhooks are configured. */
    public boolean configured() {
        return receiver.isPresent();
    }
}
