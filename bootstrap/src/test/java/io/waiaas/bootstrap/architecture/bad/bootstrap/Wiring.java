package io.waiaas.bootstrap.architecture.bad.bootstrap;

/** Fixture, breaking rule 6: System.err in bootstrap outside Main. */
public final class Wiring {
    /** Fixture. */
    public void log(String line) {
        System.err.println(line);
    }
}
