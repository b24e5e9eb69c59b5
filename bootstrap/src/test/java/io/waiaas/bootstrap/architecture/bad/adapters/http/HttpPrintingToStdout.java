package io.waiaas.bootstrap.architecture.bad.adapters.http;

/** Fixture, breaking rule 6: System.out outside the command line. */
public final class HttpPrintingToStdout {
    /** Fixture. */
    public void log(String line) {
        System.out.println(line);
    }
}
