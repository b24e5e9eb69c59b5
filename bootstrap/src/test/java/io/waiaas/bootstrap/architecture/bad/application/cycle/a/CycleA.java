package io.waiaas.bootstrap.architecture.bad.application.cycle.a;

import io.waiaas.bootstrap.architecture.bad.application.cycle.b.CycleB;

/** Fixture, breaking rule 6: a package cycle inside one module (with {@link CycleB}). */
public final class CycleA {
    /** Fixture. */
    public int size(CycleB other) {
        return other.hashCode();
    }
}
