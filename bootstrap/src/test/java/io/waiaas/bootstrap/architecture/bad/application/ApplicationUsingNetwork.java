package io.waiaas.bootstrap.architecture.bad.application;

import java.net.URI;

/** Fixture, breaking rule 2: the application uses java.net. */
public final class ApplicationUsingNetwork {
    /** Fixture. */
    public String host(URI uri) {
        return uri.getHost();
    }
}
