package io.waiaas.application.testkit;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.CommandResult;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.VersionRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run installed versions whose command lines a test scripts in Java; the verified fake of {@link VersionRunner};
 * thread-safe. A launcher nobody installed is missing, as on a disk where it was removed.
 */
public final class FakeVersionRunner implements VersionRunner {
    /** What the command line of an installed version does. */
    @FunctionalInterface
    public interface Command {
        /**
         * Run {@code arguments} (which start with {@code --data-dir DIR}) of {@code version}.
         *
         * @return how it ended; empty when it never ends by itself
         */
        Optional<CommandResult> run(InstalledVersion version, List<String> arguments);
    }

    private final String dataDir;
    private final DaemonControl daemons;
    private final Map<String, Command> launchers = new HashMap<>();
    private final List<List<String>> runs = new ArrayList<>();
    private Optional<Command> everyLauncher = Optional.empty();

    /** Create the runner of {@code dataDir}, whose versions all start their daemons through {@code daemons}. */
    public FakeVersionRunner(String dataDir, DaemonControl daemons) {
        this.dataDir = dataDir;
        this.daemons = daemons;
    }

    /** Install {@code launcher}, which runs {@code command}. */
    public synchronized FakeVersionRunner install(String launcher, Command command) {
        launchers.put(launcher, command);
        return this;
    }

    /** Let every launcher not installed by name run {@code command}, as if all versions were installed. */
    public synchronized FakeVersionRunner installEverywhere(Command command) {
        everyLauncher = Optional.of(command);
        return this;
    }

    /** Return the command lines run so far, each its launcher and then its arguments. */
    public synchronized List<List<String>> runs() {
        return List.copyOf(runs);
    }

    @Override
    public CommandResult run(InstalledVersion version, List<String> args, Duration timeout) {
        Command command;
        List<String> arguments = new ArrayList<>(List.of("--data-dir", dataDir));
        arguments.addAll(args);
        synchronized (this) {
            command = Optional.ofNullable(launchers.get(version.launcher()))
                    .or(() -> everyLauncher)
                    .orElseThrow(() -> ApplicationException.failed(
                            "cannot run " + version.launcher() + ": No such file or directory"));
            List<String> line = new ArrayList<>(List.of(version.launcher()));
            line.addAll(arguments);
            runs.add(List.copyOf(line));
        }
        return command.run(version, List.copyOf(arguments))
                .orElseGet(() -> new CommandResult(-1, "", "did not finish within " + timeout.toSeconds() + " s"));
    }

    @Override
    public DaemonControl daemonsOf(InstalledVersion version) {
        return daemons;
    }
}
