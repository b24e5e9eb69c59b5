package io.waiaas.adapters.http;

import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.Endpoint;

/** Create the HTTP adapters: the daemon's endpoint and the CLI's client of it. */
public final class HttpAdapters {
    private HttpAdapters() {}

    /** Return an endpoint that serves the daemon's API on Helidon SE. */
    public static Endpoint endpoint() {
        return new HelidonEndpoint();
    }

    /** Return a client that reads a local daemon's {@code /health}. */
    public static DaemonClient daemonClient() {
        return new HttpDaemonClient();
    }
}
