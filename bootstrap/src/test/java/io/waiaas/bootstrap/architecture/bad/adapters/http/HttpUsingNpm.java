package io.waiaas.bootstrap.architecture.bad.adapters.http;

import io.waiaas.bootstrap.architecture.bad.adapters.npm.NpmClient;

/** Fixture, breaking rule 3: one adapter uses another. */
public final class HttpUsingNpm {
    /** Fixture. */
    public String registry() {
        return new NpmClient().toString();
    }
}
