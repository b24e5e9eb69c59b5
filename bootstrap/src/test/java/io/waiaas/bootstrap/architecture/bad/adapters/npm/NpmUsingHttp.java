package io.waiaas.bootstrap.architecture.bad.adapters.npm;

import io.waiaas.bootstrap.architecture.bad.adapters.http.HttpUsingNpm;

/** Fixture, breaking rules 3 and 6: the adapters http and npm use each other. */
public final class NpmUsingHttp {
    /** Fixture. */
    public String back() {
        return new HttpUsingNpm().registry();
    }
}
