package io.waiaas.bootstrap.architecture.bad.application;

import io.waiaas.bootstrap.architecture.bad.adapters.npm.NpmClient;

/** Fixture, breaking rules 2 and 3: the application uses an adapter. */
public final class ApplicationUsingAdapter {
    /** Fixture. */
    public String registry(NpmClient client) {
        return client.toString();
    }
}
