package io.waiaas.bootstrap.architecture.bad.application.cycle.b;

import io.waiaas.bootstrap.architecture.bad.application.cycle.a.CycleA;

/** Fixture, breaking rule 6: a package cycle inside one module (with {@link CycleA}). */
public final class CycleB {
    /** Fixture. */
    public int size(CycleA other) {
        return other.hashCode();
    }
}
