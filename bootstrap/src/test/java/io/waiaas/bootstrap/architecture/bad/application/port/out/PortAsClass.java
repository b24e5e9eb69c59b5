package io.waiaas.bootstrap.architecture.bad.application.port.out;

/** Fixture, breaking rule 5: an out-port that is a class. */
public final class PortAsClass {
    /** Fixture. */
    public String find(String key) {
        return key;
    }
}
