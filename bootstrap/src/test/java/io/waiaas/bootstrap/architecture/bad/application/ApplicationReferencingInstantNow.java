package io.waiaas.bootstrap.architecture.bad.application;

import java.time.Instant;
import java.util.function.Supplier;

/** Fixture, breaking rule 4: a method reference to Instant.now. */
public final class ApplicationReferencingInstantNow {
    /** Fixture. */
    public Supplier<Instant> clock() {
        return Instant::now;
    }
}
