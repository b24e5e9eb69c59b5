package io.waiaas.bootstrap.architecture.bad.application;

/** Fixture, breaking rule 4: System.nanoTime(). */
public final class ApplicationCallingNanoTime {
    /** Fixture. */
    public long now() {
        return System.nanoTime();
    }
}
