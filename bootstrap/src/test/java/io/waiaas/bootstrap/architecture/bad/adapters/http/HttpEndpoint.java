package io.waiaas.bootstrap.architecture.bad.adapters.http;

import io.waiaas.bootstrap.architecture.bad.application.GoodService;
import java.net.URI;

/** Fixture: an adapter that drives the application. */
public final class HttpEndpoint {
    /** Fixture. */
    public int serve(GoodService service, URI uri) {
        return service.values().size() + uri.getPort();
    }
}
