package io.waiaas.bootstrap.architecture.bad.application;

import java.time.InstantSource;

/** Fixture, breaking rule 4: InstantSource.system(). */
public final class ApplicationUsingSystemInstantSource {
    /** Fixture. */
    public InstantSource clock() {
        return InstantSource.system();
    }
}
