package io.waiaas.bootstrap.architecture.bad.application;

/** Fixture, breaking rule 6: printStackTrace writes to System.err. */
public final class ApplicationPrintingStackTrace {
    /** Fixture. */
    public void fail(RuntimeException e) {
        e.printStackTrace();
    }
}
