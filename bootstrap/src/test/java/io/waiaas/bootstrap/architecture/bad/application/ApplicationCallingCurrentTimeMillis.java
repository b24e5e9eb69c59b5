package io.waiaas.bootstrap.architecture.bad.application;

/** Fixture, breaking rule 4: System.currentTimeMillis(). */
public final class ApplicationCallingCurrentTimeMillis {
    /** Fixture. */
    public long now() {
        return System.currentTimeMillis();
    }
}
