package io.waiaas.bootstrap.architecture.bad.application;

/** Fixture, breaking rule 4: the application waits by sleeping instead of through a port. */
public final class ApplicationSleeping {
    /** Fixture. */
    public void waitABit() throws InterruptedException {
        Thread.sleep(10);
    }
}
