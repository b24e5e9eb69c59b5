package io.waiaas.bootstrap.architecture.bad.sdk;

import io.waiaas.bootstrap.architecture.bad.domain.GoodValue;

/** Fixture, breaking rule 10: the SDK reaches into the domain, which an outside program must not get with it. */
public final class SdkUsingDomain {
    /** Fixture. */
    public String describe(GoodValue value) {
        return String.valueOf(value);
    }
}
