package io.waiaas.adapters.cli;

import io.waiaas.application.port.in.NotifyUpdates;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * Run the command, and look up the update notice beside it: the lookup starts with the command and may finish
 * at most {@link #GRACE_MILLIS} after it, so the notice never holds a command up for long and never changes its
 * output or exit code. The lookup itself is bounded: its daemon probe gives up after 150 ms (a hung daemon), the
 * rest is reading two local files.
 */
final class NoticeStrategy implements CommandLine.IExecutionStrategy {
    static final long GRACE_MILLIS = 1000;

    private final WaiaasCommand root;
    private final Map<String, String> env;
    private final boolean stderrIsTerminal;

    NoticeStrategy(WaiaasCommand root, Map<String, String> env, boolean stderrIsTerminal) {
        this.root = root;
        this.env = env;
        this.stderrIsTerminal = stderrIsTerminal;
    }

    @Override
    public int execute(CommandLine.ParseResult parseResult) {
        // A launcher an upgrade left behind runs nothing itself: the current version's launcher runs the command.
        OptionalInt handedOver;
        try {
            handedOver =
                    helpOnly(parseResult) ? OptionalInt.empty() : root.inPorts().handOver(parseResult.originalArgs());
        } catch (WaiaasException e) {
            // Reported as every failure is: one line, its exit code.
            throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), e.getMessage(), e);
        }
        if (handedOver.isPresent()) {
            return handedOver.getAsInt();
        }
        Optional<CompletableFuture<Due>> lookup = wantsNotice(parseResult)
                ? Optional.of(CompletableFuture.supplyAsync(
                        this::dueNotice,
                        runnable -> Thread.ofPlatform()
                                .daemon()
                                .name("waiaas-notice")
                                .start(runnable)))
                : Optional.empty();
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } finally {
            lookup.ifPresent(this::showIfReady);
        }
    }

    /** Tell whether only usage help was asked for, which reads no configuration and runs nothing. */
    private static boolean helpOnly(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.commandSpec().userObject() instanceof CommandLine.HelpCommand) {
                return true;
            }
        }
        return false;
    }

    /** The notice due, if any, and what is wrong with the registry's metadata (TRST-01..TRST-04). */
    private record Due(Optional<Version> latest, List<String> warnings) {}

    private Due dueNotice() {
        try {
            NotifyUpdates notices = root.inPorts().notifyUpdates();
            return new Due(notices.dueNotice(), notices.warnings());
        } catch (RuntimeException e) {
            return new Due(Optional.empty(), List.of());
        }
    }

    private void showIfReady(CompletableFuture<Due> lookup) {
        try {
            Due due = lookup.get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            if (!due.warnings().isEmpty()) {
                root.spec.commandLine().getOut().flush();
                due.warnings().forEach(w -> root.spec.commandLine().getErr().println("waiaas: warning: " + w));
            }
            due.latest().ifPresent(v -> {
                // The command's own output first: stdout is buffered, the notice goes to stderr at once.
                root.spec.commandLine().getOut().flush();
                UpdateNotice.print(
                        root.spec.commandLine().getErr(),
                        root.inPorts().notifyUpdates().current(),
                        v,
                        !root.options().noColor(),
                        UpdateNotice.inContainer(env));
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Too slow or broken: no notice this time.
        }
    }

    private boolean wantsNotice(CommandLine.ParseResult parseResult) {
        List<String> path = new ArrayList<>();
        boolean foregroundDaemon = false;
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return false;
            }
            if (p != parseResult) {
                path.add(p.commandSpec().name());
            }
            if (p.commandSpec().userObject() instanceof StartCommand start) {
                foregroundDaemon = !p.hasMatchedOption("--detach");
            }
        }
        return UpdateNotice.eligible(path, foregroundDaemon)
                && !UpdateNotice.suppressed(root.options(), env, stderrIsTerminal);
    }
}
