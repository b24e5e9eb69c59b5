package io.waiaas.application.notify;

import io.waiaas.domain.DeliveryPolicy;
import io.waiaas.domain.UpdatePath;
import java.time.Duration;
import java.util.Objects;

/**
 * How webhook events are delivered.
 *
 * @param host the machine's name, sent in every event
 * @param receiver the receiver's origin ({@code https://hooks.example}), as logs and {@code status} may name it
 * @param policy when to retry and when to give up
 * @param requestTimeout the longest one POST may take, connection included
 * @param firstUseWindow when webhooks first run on a data dir (no cursor yet), events older than this are not
 *     replayed
 * @param updatePath how this installation is updated, which {@code update.available} events tell the receiver
 */
public record WebhookSettings(
        String host,
        String receiver,
        DeliveryPolicy policy,
        Duration requestTimeout,
        Duration firstUseWindow,
        UpdatePath updatePath) {

    /**
     * The longest one POST may take by default: as long as the registry check's (VCHK-02), since a daemon that is
     * stopping waits for a POST in flight.
     */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** The history replayed when webhooks first run on a data dir. */
    public static final Duration FIRST_USE_WINDOW = Duration.ofHours(24);

    public WebhookSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(firstUseWindow, "firstUseWindow");
        Objects.requireNonNull(updatePath, "updatePath");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
    }

    /** Create the settings of an installation {@code waiaas upgrade} updates. */
    public WebhookSettings(
            String host, String receiver, DeliveryPolicy policy, Duration requestTimeout, Duration firstUseWindow) {
        this(host, receiver, policy, requestTimeout, firstUseWindow, UpdatePath.COMMAND);
    }

    /** Return these settings for an installation updated by {@code path}. */
    public WebhookSettings updatedBy(UpdatePath path) {
        return new WebhookSettings(host, receiver, policy, requestTimeout, firstUseWindow, path);
    }

    /** Return the settings with the default policy, request timeout and first-use window. */
    public static WebhookSettings of(String host, String receiver) {
        return new WebhookSettings(host, receiver, DeliveryPolicy.DEFAULT, REQUEST_TIMEOUT, FIRST_USE_WINDOW);
    }
}
