package io.waiaas.adapters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.TargetCheck;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code waiaas upgrade} (alias {@code update}): check for, and move to, a new release (SPEC §6). */
@Command(name = "upgrade", aliases = "update", mixinStandardHelpOptions = true,
        description = "Check for a new release (--check) or upgrade to it.")
final class UpgradeCommand implements Runnable {
    @ParentCommand
    WaiaasCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--check", description = "Only tell whether an update is available; change nothing.")
    boolean check;

    @Option(names = "--to", paramLabel = "VERSION|TAG|RANGE",
            description = "Target: an exact version, a dist-tag (e.g. next) or an npm range (e.g. ^1.9).")
    String to;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public void run() {
        if (!check) {
            throw ApplicationException.failed("this build can only check for updates: run waiaas upgrade --check");
        }
        TargetCheck result = root.inPorts().checkForUpdates().checkTarget(Optional.ofNullable(to));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(result));
            return;
        }
        switch (result) {
            case TargetCheck.UpdateAvailable update -> {
                out.printf("Update available: %s \u2192 %s%n", update.current(), update.target());
                out.println(to == null ? "Run: waiaas upgrade" : "Run: waiaas upgrade --to " + update.target());
            }
            case TargetCheck.UpToDate upToDate -> out.printf("Already up to date (%s)%n", upToDate.current());
            case TargetCheck.Downgrade downgrade -> {
                out.printf("The target %s is older than the installed %s%n", downgrade.target(), downgrade.current());
                out.printf("Run: waiaas upgrade --to %s --allow-downgrade%n", downgrade.target());
            }
        }
    }

    private static String toJson(TargetCheck result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("current", result.current().toString());
        fields.put("target", result.target().toString());
        fields.put("updateAvailable", result instanceof TargetCheck.UpdateAvailable);
        fields.put("downgrade", result instanceof TargetCheck.Downgrade);
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
