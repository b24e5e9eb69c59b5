package io.waiaas.adapters.http;

import io.waiaas.application.port.in.ReadMetrics;
import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.application.port.out.Webhook;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Create the HTTP adapters: the daemon's endpoint, the CLI's client of it, and the webhook. */
public final class HttpAdapters {
    private HttpAdapters() {}

    /** Return an endpoint that serves the daemon's API on Helidon SE, with {@code metrics} at {@code /metrics}. */
    public static Endpoint endpoint(ReadMetrics metrics) {
        return new HelidonEndpoint(Optional.of(metrics));
    }

    /** Return an endpoint that serves the daemon's API on Helidon SE without metrics: {@code /metrics} is not found. */
    public static Endpoint endpoint() {
        return new HelidonEndpoint(Optional.empty());
    }

    /** Return a client that reads a local daemon's {@code /health}. */
    public static DaemonClient daemonClient() {
        return new HttpDaemonClient();
    }

    /**
     * Return a webhook posting to {@code url}, with the bearer token held in {@code tokenFile} (read at each POST,
     * refused unless only its owner may read it).
     */
    public static Webhook webhook(URI url, Optional<Path> tokenFile) {
        return new JdkHttpWebhook(url, tokenFile);
    }

    /** Return what may be shown of the webhook URL {@code url}: its origin, never its path, query or user info. */
    public static String webhookOrigin(URI url) {
        return JdkHttpWebhook.origin(url);
    }
}
