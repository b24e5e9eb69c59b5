package io.waiaas.application.port.in;

/** Tell whether webhooks are configured and what became of the last delivery, as {@code waiaas status} shows it. */
public interface ReportWebhooks {

    /** Return the report; never throws, never names the token or the receiver's path. */
    WebhookReport report();
}
