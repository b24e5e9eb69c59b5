package io.waiaas.adapters.cli;

import io.waiaas.platform.Layout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root {@code waiaas} command: global options and version; {@link Cli} adds the subcommands (CMDS-01). */
@Command(
        name = "waiaas",
        mixinStandardHelpOptions = true,
        versionProvider = WaiaasCommand.VersionProvider.class,
        description = "Self-hosted daemon with a self-updating command line.",
        usageHelpAutoWidth = true,
        // CMDS-03's exit codes, and the one only `upgrade --check --exit-code` uses (HELP-02).
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:done",
            "1:failed; the line on stderr says why",
            "2:usage error: an unknown command or option, a bad value",
            "3:the upgrade failed and was rolled back",
            "4:the upgrade failed and so did its rollback; the manual steps are shown",
            "5:refused before anything changed",
            "100:an update is available (upgrade --check --exit-code only)"
        })
final class WaiaasCommand implements Runnable {
    /** Set in the environment of the daemons an upgrade starts itself. */
    static final String UPGRADE_CHILD = Layout.Env.UPGRADE_CHILD;

    private final String version;
    private final Function<GlobalOptions, InPorts> inPortsFactory;
    private final Map<String, String> env;
    private final boolean stderrIsTerminal;
    private final Confirmation confirmation;
    private InPorts inPorts;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Data directory (default: $WAIAAS_DATA_DIR or ~/.waiaas).",
            converter = DataDirConverter.class)
    Path dataDir;

    /** An empty {@code --data-dir} is refused: it would otherwise be the current directory, silently. */
    static final class DataDirConverter implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            if (value.isEmpty()) {
                throw new CommandLine.TypeConversionException(
                        "it is empty; name a directory, or leave --data-dir out to use $WAIAAS_DATA_DIR or ~/.waiaas");
            }
            return Path.of(value);
        }
    }

    @Option(
            names = {"-q", "--quiet"},
            scope = ScopeType.INHERIT,
            description = "Do not show the update notice.")
    boolean quiet;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Do not use colours (also: NO_COLOR).")
    boolean noColor;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Show stack traces of errors, and debug lines such as the time of each phase of a backup.")
    boolean verbose;

    WaiaasCommand(
            String version,
            Function<GlobalOptions, InPorts> inPortsFactory,
            Map<String, String> env,
            boolean stderrIsTerminal,
            Confirmation confirmation) {
        this.version = version;
        this.inPortsFactory = inPortsFactory;
        this.env = env;
        this.stderrIsTerminal = stderrIsTerminal;
        this.confirmation = confirmation;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Tell whether waiaas runs in its container image ({@code WAIAAS_IN_CONTAINER=1}). */
    boolean inContainer() {
        return UpdateNotice.inContainer(env);
    }

    /** Return the options every command shares. */
    GlobalOptions options() {
        // no-color.org: NO_COLOR counts when it is set to a value that is not empty.
        boolean noColorSet = !env.getOrDefault("NO_COLOR", "").isEmpty();
        return new GlobalOptions(Optional.ofNullable(dataDir), quiet, noColor || noColorSet, verbose);
    }

    /** Return the in-ports for this invocation, opened on first use. */
    synchronized InPorts inPorts() {
        if (inPorts == null) {
            inPorts = inPortsFactory.apply(options());
        }
        return inPorts;
    }

    /** Tell whether this process is the daemon an upgrade starts (it must not wait for that upgrade). */
    boolean startedByUpgrade() {
        return env.containsKey(UPGRADE_CHILD);
    }

    /** Return where to draw progress bars: stderr, when it is a terminal. */
    Optional<PrintWriter> progressWriter() {
        return stderrIsTerminal ? Optional.of(spec.commandLine().getErr()) : Optional.empty();
    }

    /** Return how to ask the operator before data is replaced. */
    Confirmation confirmation() {
        return confirmation;
    }

    boolean verbose() {
        return verbose;
    }

    String version() {
        return version;
    }

    /** Print the version alone, as {@code waiaas --version} must. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public String[] getVersion() {
            return new String[] {((WaiaasCommand) spec.root().userObject()).version};
        }
    }
}
