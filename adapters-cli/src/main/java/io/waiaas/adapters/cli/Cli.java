package io.waiaas.adapters.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;

/** Run the {@code waiaas} command line. */
public final class Cli {
    /** Every subcommand by name, in the order help lists them ({@code upgrade} also answers to {@code update}). */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private final String version;
    private final Function<GlobalOptions, InPorts> inPorts;
    private final Map<String, String> env;
    private final boolean stderrIsTerminal;
    private final Confirmation confirmation;

    private Cli(
            String version,
            Function<GlobalOptions, InPorts> inPorts,
            Map<String, String> env,
            boolean stderrIsTerminal,
            Confirmation confirmation) {
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
    public static Cli create(
            String version,
            Function<GlobalOptions, InPorts> inPorts,
            Map<String, String> env,
            boolean stderrIsTerminal) {
        return new Cli(version, inPorts, env, stderrIsTerminal, Confirmation.onTerminal());
    }

    /**
     * Return the subcommands that {@code args} can name. Building a subcommand's model (picocli reads its annotations by
     * reflection) is most of a short command's start-up, so a command line that names one gets only the ones it names;
     * help, and anything else (no subcommand, a typo picocli should suggest a fix for), gets them all.
     */
    static List<Class<?>> subcommandsFor(String[] args) {
        Set<String> words = Set.copyOf(Arrays.asList(args));
        if (words.contains("help")
                || words.contains("--help")
                || words.contains("-h")
                || words.contains("completion")) { // a completion script covers every command
            return List.copyOf(SUBCOMMANDS.values());
        }
        List<Class<?>> named = new ArrayList<>();
        SUBCOMMANDS.forEach((name, command) -> {
            if (words.contains(name) || command == UpgradeCommand.class && words.contains("update")) {
                named.add(command);
            }
        });
        return named.isEmpty() ? List.copyOf(SUBCOMMANDS.values()) : named;
    }

    /** Create the command line as {@link #create(String, Function, Map, boolean)} does, asking {@code confirmation}. */
    static Cli create(
            String version,
            Function<GlobalOptions, InPorts> inPorts,
            Map<String, String> env,
            boolean stderrIsTerminal,
            Confirmation confirmation) {
        return new Cli(version, inPorts, env, stderrIsTerminal, confirmation);
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> all = new LinkedHashMap<>();
        all.put("start", StartCommand.class);
        all.put("stop", StopCommand.class);
        all.put("status", StatusCommand.class);
        all.put("upgrade", UpgradeCommand.class);
        all.put("backup", BackupCommand.class);
        all.put("db", DbCommand.class);
        all.put("mcp", McpCommand.class);
        all.put("doctor", DoctorCommand.class);
        all.put("service", ServiceCommand.class);
        all.put("logs", LogsCommand.class);
        all.put("completion", CompletionCommand.class);
        all.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(all);
    }

    /** Execute {@code args}, printing to {@code out} and {@code err}, and return the exit code (CMDS-03). */
    public int execute(String[] args, PrintWriter out, PrintWriter err) {
        WaiaasCommand root = new WaiaasCommand(version, inPorts, env, stderrIsTerminal, confirmation);
        CommandLine commandLine = new CommandLine(root);
        for (Class<?> subcommand : subcommandsFor(args)) {
            commandLine.addSubcommand(subcommand);
        }
        WordWrap.install(commandLine);
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
