package io.waiaas.bootstrap.architecture.bad.adapters.http;

import io.waiaas.bootstrap.architecture.bad.application.port.in.ListValues;
import java.net.URI;

/** Fixture: an adapter that drives the application through an in-port. */
public final class HttpEndpoint {
    /** Fixture. */
    public int serve(ListValues service, URI uri) {
        return service.values().size() + uri.getPort();
    }
}
