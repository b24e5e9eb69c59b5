package io.waiaas.bootstrap.architecture.bad.adapters.npm;

import java.net.URI;

/** Fixture: an adapter with no port. */
public final class NpmClient {
    /** Fixture. */
    public URI registry() {
        return URI.create("https://registry.npmjs.org");
    }
}
