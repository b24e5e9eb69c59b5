package io.waiaas.adapters.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine;

/** Run the {@code waiaas} command line. */
public final class Cli {
    private final String version;
    private final Function<GlobalOptions, InPorts> inPorts;
    private final Map<String, String> env;
    private final boolean stderrIsTerminal;
    private final Confirmation confirmation;

    private Cli(String version, Function<GlobalOptions, InPorts> inPorts, Map<String, String> env,
            boolean stderrIsTerminal, Confirmation confirmation) {
        this.version = Objects.requireNonNull(version, "version");
        this.inPorts = Objects.requireNonNull(inPorts, "inPorts");
        this.env = Map.copyOf(env);
        this.stderrIsTerminal = stderrIsTerminal;
        this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    }

    /**
     * Create the command line of build {@code version}.
     *
     * @param inPorts opens the in-ports for the global options of an invocation
     * @param env the process environment ({@code NO_COLOR}, notice suppression)
     * @param stderrIsTerminal whether standard error is a terminal (the update notice is shown only there)
     */
    public static Cli create(String version, Function<GlobalOptions, InPorts> inPorts, Map<String, String> env,
            boolean stderrIsTerminal) {
        return new Cli(version, inPorts, env, stderrIsTerminal, Confirmation.onTerminal());
    }

    /** Create the command line as {@link #create(String, Function, Map, boolean)} does, asking {@code confirmation}. */
    static Cli create(String version, Function<GlobalOptions, InPorts> inPorts, Map<String, String> env,
            boolean stderrIsTerminal, Confirmation confirmation) {
        return new Cli(version, inPorts, env, stderrIsTerminal, confirmation);
    }

    /** Execute {@code args}, printing to {@code out} and {@code err}, and return the exit code (SPEC §2). */
    public int execute(String[] args, PrintWriter out, PrintWriter err) {
        WaiaasCommand root = new WaiaasCommand(version, inPorts, env, stderrIsTerminal, confirmation);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        ErrorReporting reporting = new ErrorReporting(root);
        commandLine.setExecutionExceptionHandler(reporting);
        commandLine.setExitCodeExceptionMapper(reporting);
        commandLine.setParameterExceptionHandler(reporting);
        commandLine.setExecutionStrategy(new NoticeStrategy(root, env, stderrIsTerminal));
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
