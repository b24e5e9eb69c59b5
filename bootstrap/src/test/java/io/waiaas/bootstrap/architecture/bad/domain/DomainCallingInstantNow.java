package io.waiaas.bootstrap.architecture.bad.domain;

import java.time.Instant;

/** Fixture, breaking rule 4: Instant.now(). */
public final class DomainCallingInstantNow {
    /** Fixture. */
    public Instant now() {
        return Instant.now();
    }
}
