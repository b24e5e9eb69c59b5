package io.waiaas.application.port.out;

import io.waiaas.domain.Notification;
import io.waiaas.domain.WebhookAnswer;
import java.time.Duration;

/** Post events to the operator's webhook receiver ({@code [notify] webhook_url}, OPS-03). */
public interface Webhook {

    /**
     * Post {@code notification} as one JSON object and return how the receiver answered; never throws for what the
     * receiver or the network does, and never takes longer than {@code timeout} (connection included). The token,
     * when one is configured, goes in the {@code Authorization} header only, and never into the answer's words.
     */
    WebhookAnswer post(Notification notification, Duration timeout);
}
