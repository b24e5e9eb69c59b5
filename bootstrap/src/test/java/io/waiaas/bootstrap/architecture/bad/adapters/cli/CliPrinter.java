package io.waiaas.bootstrap.architecture.bad.adapters.cli;

/** Fixture: the command line may print. */
public final class CliPrinter {
    /** Fixture. */
    public void print(String line) {
        System.out.println(line);
        System.err.println(line);
    }
}
