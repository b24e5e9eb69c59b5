package io.waiaas.application.notify;

import io.waiaas.application.daemon.BackgroundJob;
import java.time.Duration;
import java.util.Objects;

/**
 * Deliver the webhook events that are due, every few seconds while the daemon runs (OPS-03); a run never waits for
 * a retry, so it holds its worker only as long as the receiver takes to answer.
 */
public final class WebhookJob implements BackgroundJob {
    /** How often the daemon looks for events to deliver. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private final WebhookService service;

    public WebhookJob(WebhookService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public Duration interval() {
        return INTERVAL;
    }

    @Override
    public void run() {
        service.deliverDue();
    }
}
