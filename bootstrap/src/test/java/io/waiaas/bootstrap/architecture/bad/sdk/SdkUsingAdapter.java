package io.waiaas.bootstrap.architecture.bad.sdk;

import io.waiaas.bootstrap.architecture.bad.adapters.http.HttpEndpoint;

/** Fixture, breaking rules 3 and 10: the SDK uses an adapter, as if it were one. */
public final class SdkUsingAdapter {
    /** Fixture. */
    public String describe(HttpEndpoint endpoint) {
        return String.valueOf(endpoint);
    }
}
