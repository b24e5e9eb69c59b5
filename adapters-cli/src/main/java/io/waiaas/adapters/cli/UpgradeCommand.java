package io.waiaas.adapters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.DescribeRelease;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.Reports;
import io.waiaas.application.port.in.RollbackPlan;
import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.Reason;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code waiaas upgrade} (alias {@code update}): check for, move to, and go back from a release (UPGR-01..07). */
@Command(
        name = "upgrade",
        aliases = "update",
        mixinStandardHelpOptions = true,
        description = "Upgrade to a new release in seven steps, or go back with --rollback.")
final class UpgradeCommand implements Callable<Integer> {
    /** Created on first use: picocli instantiates every command for every invocation, JSON is rarely asked for. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @ParentCommand
    WaiaasCommand root;

    @Spec
    CommandSpec spec;

    /** The exit code of {@code --check --exit-code} when an update is available (as {@code dnf check-update}). */
    static final int UPDATE_AVAILABLE_EXIT = 100;

    @Option(names = "--check", description = "Only tell whether an update is available; change nothing.")
    boolean check;

    @Option(
            names = "--exit-code",
            description = "With --check: exit " + UPDATE_AVAILABLE_EXIT + " when an update is available, 0 when not.")
    boolean exitCode;

    @Option(
            names = "--to",
            paramLabel = "VERSION|TAG|RANGE",
            description = "Target: an exact version, a dist-tag (e.g. next) or an npm range (e.g. ^1.9).")
    String to;

    @Option(names = "--rollback", description = "Go back to the code and data from before the last upgrade.")
    boolean rollback;

    @Option(
            names = "--from",
            paramLabel = "FILE",
            description = "Upgrade to a release package copied onto this machine (.tgz); no registry is asked.")
    Path from;

    @Option(
            names = "--integrity",
            paramLabel = "sha512-...",
            description = "With --from: the package's digest as npm gives it (npm view @waiaas/cli@V dist.integrity).")
    String integrity;

    @Option(names = "--allow-unverified", description = "With --from: install a package whose digest is not given.")
    boolean allowUnverified;

    /** The in-ports this invocation upgrades and describes releases through: the registry's, or a package file's. */
    private PerformUpgrade upgrades;

    private DescribeRelease describer;

    @Option(names = "--allow-downgrade", description = "Allow a target below the installed version.")
    boolean allowDowngrade;

    @Option(
            names = "--allow-deprecated",
            description = "Allow --to a version the registry marks deprecated (recalled).")
    boolean allowDeprecated;

    @Option(names = "--no-start", description = "Leave the daemon stopped afterwards.")
    boolean noStart;

    @Option(
            names = {"-y", "--yes"},
            description = "Answer yes to confirmations.")
    boolean yes;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print JSON: one object per step, then the outcome.")
    boolean json;

    @Override
    public Integer call() {
        if (check) {
            refuseWithCheck();
            boolean available = check();
            return available && exitCode ? UPDATE_AVAILABLE_EXIT : 0;
        }
        if (exitCode) {
            throw new ApplicationException(ErrorCode.USAGE, "--exit-code goes with --check only");
        }
        if (rollback && (to != null || allowDowngrade || from != null)) {
            throw new ApplicationException(
                    ErrorCode.USAGE, "--rollback cannot be combined with --to, --from or --allow-downgrade");
        }
        refuseFileOptionsWithout();
        PrintWriter out = spec.commandLine().getOut();
        // Asked only on a terminal; with none (a script, a service) the notes already said what happens.
        Predicate<String> confirm = question -> {
            out.flush();
            return yes || root.confirmation().ask(question).orElse(true);
        };
        UpgradeListener listener =
                json ? new JsonSteps(out, confirm) : new TextSteps(out, root.progressWriter(), confirm);
        if (from != null) {
            InPorts.UpgradeFrom file =
                    root.inPorts().upgradeFrom(from, Optional.ofNullable(integrity), allowUnverified);
            upgrades = file.upgrade();
            describer = file.describe();
        } else {
            upgrades = root.inPorts().performUpgrade(allowDeprecated);
            if (to != null && !rollback) {
                // One line, before the plan: naming a release exactly overrides the cooldown (TRST-03).
                root.inPorts()
                        .checkForUpdates()
                        .exactTargetNote(to)
                        .ifPresent(note -> spec.commandLine().getErr().println("waiaas: " + note));
            }
        }
        if (rollback && dryRun) {
            showRollback(upgrades.planRollback(listener), out);
            return 0;
        }
        UpgradeOutcome outcome = rollback ? upgrades.rollBack(noStart, listener) : upgrade(upgrades, listener);
        report(outcome, out, spec.commandLine().getErr());
        return outcome.exitCode();
    }

    /** Plan, then (unless this is a dry run, or the operator says no to required stops) carry the plan out. */
    private UpgradeOutcome upgrade(PerformUpgrade upgrades, UpgradeListener listener) {
        UpgradeOutcome planned =
                upgrades.plan(new UpgradeRequest(Optional.ofNullable(to), allowDowngrade, noStart), listener);
        if (!(planned instanceof UpgradeOutcome.Planned plan) || dryRun) {
            return planned;
        }
        if (plan.hasStops() && !yes) {
            PrintWriter out = spec.commandLine().getOut();
            describe(plan.from(), plan.to())
                    .ifPresent(details -> ReleaseNotesText.lines(details).forEach(out::println));
            out.flush();
            String route = route(plan);
            String question = "Upgrade " + plan.from() + " \u2192 " + route + ", one full upgrade with its own"
                    + " backup per stop?";
            if (!root.confirmation().ask(question).orElse(false)) {
                return new UpgradeOutcome.Refused(
                        Reason.NOT_CONFIRMED,
                        "the upgrade through " + route + " was not confirmed; nothing changed (add --yes to confirm)");
            }
        }
        return upgrades.execute(plan, listener);
    }

    /** Refuse the options of an upgrade from a file where they do not belong, before anything is read. */
    private void refuseFileOptionsWithout() {
        if (from == null) {
            if (integrity != null || allowUnverified) {
                throw new ApplicationException(
                        ErrorCode.USAGE, "--integrity and --allow-unverified go with --from FILE only");
            }
            return;
        }
        if (to != null) {
            throw new ApplicationException(
                    ErrorCode.USAGE, "--from installs the package file's own version and cannot be combined with --to");
        }
        if (integrity != null && allowUnverified) {
            throw new ApplicationException(
                    ErrorCode.USAGE, "--integrity and --allow-unverified contradict each other; give one");
        }
        if (!Files.isRegularFile(from)) {
            throw new ApplicationException(
                    ErrorCode.USAGE,
                    "--from " + from + ": " + (Files.exists(from) ? "not a file" : "no such file")
                            + "; give the path of a release package (.tgz)");
        }
    }

    /** Refuse, before any network, the options {@code --check} would otherwise leave unheeded. */
    private void refuseWithCheck() {
        List<String> unheeded = new ArrayList<>();
        if (rollback) {
            unheeded.add("--rollback");
        }
        if (noStart) {
            unheeded.add("--no-start");
        }
        if (dryRun) {
            unheeded.add("--dry-run");
        }
        if (from != null) {
            unheeded.add("--from (use --dry-run --from FILE to see what it brings)");
        }
        if (!unheeded.isEmpty()) {
            throw new ApplicationException(
                    ErrorCode.USAGE,
                    "--check only tells whether an update is available and cannot be combined with "
                            + String.join(" or ", unheeded) + "; run it without --check");
        }
    }

    /** Tell whether an update is available, and print it; return whether it is. */
    private boolean check() {
        TargetCheck result = root.inPorts().checkForUpdates().checkTarget(Optional.ofNullable(to));
        PrintWriter out = spec.commandLine().getOut();
        boolean available = result instanceof TargetCheck.UpdateAvailable;
        Optional<DescribeRelease.Details> details =
                available ? describe(result.current(), result.target()) : Optional.empty();
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>(Reports.of(result));
            details.ifPresent(d -> fields.putAll(Reports.of(d)));
            out.println(json(fields));
            return available;
        }
        switch (result) {
            case TargetCheck.UpdateAvailable update -> {
                out.printf("Update available: %s \u2192 %s%n", update.current(), update.target());
                details.ifPresent(d -> ReleaseNotesText.lines(d).forEach(out::println));
                out.println(UpdateNotice.howToUpdate(
                        root.inContainer(), update.target(), to == null ? "" : " --to " + update.target()));
            }
            case TargetCheck.UpToDate upToDate -> out.printf("Already up to date (%s)%n", upToDate.current());
            case TargetCheck.Downgrade downgrade -> {
                out.printf("The target %s is older than the installed %s%n", downgrade.target(), downgrade.current());
                out.println(UpdateNotice.howToUpdate(
                        root.inContainer(), downgrade.target(), " --to " + downgrade.target() + " --allow-downgrade"));
            }
        }
        return available;
    }

    /**
     * Describe the upgrade {@code from} → {@code to} for the operator; when the registry cannot tell, say so in one
     * line on stderr and go on: notes are for reading, never a reason to fail a check or a plan.
     */
    private Optional<DescribeRelease.Details> describe(Version from, Version to) {
        try {
            DescribeRelease describe =
                    describer != null ? describer : root.inPorts().describeRelease();
            return Optional.of(describe.describe(from, to));
        } catch (WaiaasException e) {
            spec.commandLine().getErr().println("waiaas: the release notes could not be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Say which way {@code --rollback} would go back (UPGR-B9); nothing was changed. */
    private void showRollback(RollbackPlan plan, PrintWriter out) {
        if (json) {
            out.println(json(Reports.of(plan)));
            return;
        }
        out.printf("Plan: roll back %s \u2192 %s (dry run, nothing changed)%n", plan.from(), plan.to());
        if (plan.keepsWrites()) {
            out.printf(
                    "The data would be migrated down to schema %s: every write made since backup %s that it can hold"
                            + " stays, the rest is kept in a pre-rollback backup%n",
                    plan.downTo().orElseThrow(), plan.backup());
            return;
        }
        out.printf("The data would be restored from backup %s", plan.backup());
        if (plan.rowsOnlyInBackup().isEmpty()) {
            out.printf("; nothing was written since it was taken%n");
            return;
        }
        out.printf(
                "; written or changed since, and then only in a pre-rollback backup: %s%n",
                new TreeMap<>(plan.rowsOnlyInBackup())
                        .entrySet().stream()
                                .map(e -> e.getValue() + (e.getValue() == 1 ? " row of " : " rows of ") + e.getKey())
                                .collect(Collectors.joining(", ")));
    }

    private void report(UpgradeOutcome outcome, PrintWriter out, PrintWriter err) {
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>(Reports.of(outcome));
            if (outcome instanceof UpgradeOutcome.Planned plan) {
                describe(plan.from(), plan.to()).ifPresent(d -> fields.putAll(Reports.of(d)));
            }
            out.println(json(fields));
            return;
        }
        switch (outcome) {
            case UpgradeOutcome.UpToDate upToDate -> out.printf("Already up to date (%s)%n", upToDate.version());
            case UpgradeOutcome.Planned plan -> {
                out.printf("Plan: upgrade %s \u2192 %s (dry run, nothing changed)%n", plan.from(), plan.to());
                if (plan.hasStops()) {
                    out.printf("Required stops: %s%n", route(plan));
                    out.println("Each stop is one full upgrade with its own pre-upgrade backup:");
                }
                for (UpgradeStep step : UpgradeStep.values()) {
                    out.printf(
                            "  [%d/%d] %s%s%n", step.number(), UpgradeStep.COUNT, step.label(), planNote(step, plan));
                }
                describe(plan.from(), plan.to())
                        .ifPresent(d -> ReleaseNotesText.lines(d).forEach(out::println));
            }
            case UpgradeOutcome.Upgraded done -> {
                out.printf("Upgrade complete: %s \u2192 %s%n", done.from(), done.to());
                out.printf(
                        "The data from before is in backup %s (waiaas upgrade --rollback goes back)%n", done.backup());
                commandFromNowOn(out);
            }
            case UpgradeOutcome.Reverted reverted -> {
                out.printf("Rollback complete: %s \u2192 %s%n", reverted.from(), reverted.to());
                out.printf("The replaced data is kept in backup %s%n", reverted.kept());
                commandFromNowOn(out);
            }
            case UpgradeOutcome.RolledBack failed -> {
                err.printf(
                        "waiaas: upgrade failed at step %d (%s): %s; rolled back to %s%n",
                        failed.step().number(), failed.step().label(), failed.cause(), failed.restored());
                // The failure stays one line on stderr; the command to use goes last on stdout, after the steps.
                commandFromNowOn(out);
            }
            case UpgradeOutcome.RollbackFailed failed
            when rollback -> {
                err.printf(
                        "waiaas: %s at step %d (%s): %s%n",
                        failed.cause(), failed.step().number(), failed.step().label(), failed.rollbackCause());
                manualSteps(failed, err);
            }
            case UpgradeOutcome.RollbackFailed failed -> reportRollbackFailed(failed, err);
            case UpgradeOutcome.Refused refused -> err.printf("waiaas: %s%n", refused.message());
        }
    }

    /** Name the command to use from now on, last, when it is not the one that was run (issue 16, finding 2). */
    private void commandFromNowOn(PrintWriter to) {
        root.inPorts().commandFromNowOn().ifPresent(command -> to.printf("From now on run waiaas as: %s%n", command));
    }

    /** Say that a rollback failed, and list the steps that put the old state back by hand. */
    static void reportRollbackFailed(UpgradeOutcome.RollbackFailed failed, PrintWriter err) {
        err.printf(
                "waiaas: upgrade failed at step %d (%s): %s; the rollback failed too: %s%n",
                failed.step().number(), failed.step().label(), failed.cause(), failed.rollbackCause());
        manualSteps(failed, err);
    }

    private static void manualSteps(UpgradeOutcome.RollbackFailed failed, PrintWriter err) {
        err.println("To recover by hand:");
        for (int i = 0; i < failed.manualSteps().size(); i++) {
            err.printf("  %d. %s%n", i + 1, failed.manualSteps().get(i));
        }
        err.flush();
    }

    private static String planNote(UpgradeStep step, UpgradeOutcome.Planned plan) {
        return switch (step) {
            case STOP ->
                plan.daemonRunning() ? ": stop the running daemon" : ": nothing to stop (the daemon is not running)";
            case RESTART -> plan.restart() ? ": start the daemon again" : ": leave the daemon stopped";
            default -> "";
        };
    }

    private static String json(Map<String, Object> fields) {
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String route(UpgradeOutcome.Planned plan) {
        return plan.route().stream().map(Version::toString).collect(Collectors.joining(" \u2192 "));
    }

    private static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
    }

    /** Announce each step as {@code [k/7] …} with its duration, and draw the download's progress on a terminal. */
    private static final class TextSteps implements UpgradeListener {
        private final PrintWriter out;
        private final Optional<PrintWriter> progress;
        private final Predicate<String> confirm;
        private boolean progressShown;

        TextSteps(PrintWriter out, Optional<PrintWriter> progress, Predicate<String> confirm) {
            this.out = out;
            this.progress = progress;
            this.confirm = confirm;
        }

        @Override
        public boolean confirm(String question) {
            return confirm.test(question);
        }

        @Override
        public void stepStarted(UpgradeStep step, String description) {
            out.printf("[%d/%d] %s: %s%n", step.number(), UpgradeStep.COUNT, step.label(), description);
            out.flush();
        }

        @Override
        public void stepFinished(UpgradeStep step, Duration took, String result) {
            endProgress();
            out.printf("      done in %s: %s%n", seconds(took), result);
            out.flush();
        }

        @Override
        public void downloaded(long received, OptionalLong total) {
            progress.ifPresent(err -> {
                String bar = total.isPresent() && total.getAsLong() > 0
                        ? bar(received, total.getAsLong())
                        : String.format(Locale.ROOT, "%.1f MiB", received / 1048576.0);
                err.print("\r      downloading " + bar);
                err.flush();
                progressShown = true;
            });
        }

        @Override
        public void note(String message) {
            endProgress();
            out.println("      " + message);
            out.flush();
        }

        private void endProgress() {
            if (progressShown) {
                progress.ifPresent(err -> {
                    err.println();
                    err.flush();
                });
                progressShown = false;
            }
        }

        private static String bar(long received, long total) {
            int width = 30;
            int filled = (int) Math.min(width, received * width / total);
            return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                    + String.format(Locale.ROOT, "%.1f/%.1f MiB", received / 1048576.0, total / 1048576.0);
        }
    }

    /** Print one JSON object per finished step, for scripts (UPGR-B6). */
    private static final class JsonSteps implements UpgradeListener {
        private final PrintWriter out;
        private final Predicate<String> confirm;

        JsonSteps(PrintWriter out, Predicate<String> confirm) {
            this.out = out;
            this.confirm = confirm;
        }

        @Override
        public boolean confirm(String question) {
            return confirm.test(question);
        }

        @Override
        public void stepFinished(UpgradeStep step, Duration took, String result) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("step", step.number());
            fields.put("name", step.label());
            fields.put("seconds", took.toMillis() / 1000.0);
            fields.put("result", result);
            out.println(json(fields));
            out.flush();
        }

        @Override
        public void note(String message) {
            out.println(json(Map.of("note", message)));
            out.flush();
        }

        @Override
        public void verified(String id, Verification verification) {
            Map<String, Object> checked = new LinkedHashMap<>();
            checked.put("release", id);
            checked.put("integrity", verification instanceof Verification.Unverified ? "none" : "sha512");
            checked.put("signatures", verification.signatures());
            if (verification instanceof Verification.Signed signed) {
                checked.put("keys", signed.keyIds());
            }
            // TRST-B1, TRST-B4: the publisher's own signature and the registry's provenance attestation.
            checked.put("publisher", verification.origin().publisher());
            verification.origin().publisherKey().ifPresent(key -> checked.put("publisherKey", key));
            checked.put("provenance", verification.origin().provenance().word());
            out.println(json(Map.of("verified", checked)));
            out.flush();
        }
    }
}
