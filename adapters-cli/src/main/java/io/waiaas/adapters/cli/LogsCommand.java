package io.waiaas.adapters.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code waiaas logs [-f] [-n N]}: print the end of the daemon's log, and follow it (LOGS-02). */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print the last lines of the daemon log (logs/daemon.log in the data dir), across its rotation.")
final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    WaiaasCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-n", "--lines"},
            paramLabel = "N",
            defaultValue = "50",
            description = "How many of the last lines to print (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new lines as they are written, also after a rotation, until interrupted.")
    boolean follow;

    @Override
    public Integer call() throws IOException {
        if (lines < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "-n must be 0 or more, was " + lines + "; e.g. waiaas logs -n 100");
        }
        DaemonLog log = root.inPorts().daemonLog();
        if (!log.exists() && !follow) {
            // An operator asking for the log of a daemon that never ran is told so, and a script sees a failure.
            throw CliException.failed(
                    "no daemon log yet at " + log.file() + "; the daemon writes it once started (waiaas start)");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!follow) {
            log.last(lines).forEach(out::println);
            out.flush();
            return 0;
        }
        try {
            log.follow(lines, line -> {
                out.println(line);
                out.flush();
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return 0;
    }
}
