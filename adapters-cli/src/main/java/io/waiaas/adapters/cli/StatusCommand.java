package io.waiaas.adapters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.in.DescribeUpdates;
import io.waiaas.application.port.in.Reports;
import io.waiaas.application.port.in.WebhookReport;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.WebhookDelivery;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code waiaas status}: stopped, starting or running, with pid, port, version, latest and schema; and, when webhooks
 * are configured, their receiver's origin and the last delivery.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether the daemon runs.")
final class StatusCommand implements Runnable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @ParentCommand
    WaiaasCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(
            names = "--wait-ready",
            paramLabel = "SECONDS",
            description = "Wait up to SECONDS until the daemon answers and is ready, then report it; exit 1 if it"
                    + " does not (a service unit's readiness check).")
    Integer waitReady;

    @Override
    public void run() {
        if (waitReady != null) {
            awaitReady(waitReady);
        }
        DaemonStatus status = root.inPorts().controlDaemon().status();
        DescribeUpdates.Report updates = root.inPorts().describeUpdates().describe();
        // Said only when there is something to say: unattended updates are on, or an upgrade has run here.
        boolean sayUpdates =
                updates.autoApply() != AutoApply.OFF || updates.last().isPresent();
        WebhookReport webhooks = root.inPorts().reportWebhooks().report();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>(Reports.of(status));
            if (sayUpdates) {
                fields.put("updates", Reports.of(updates));
            }
            if (webhooks.configured()) {
                fields.put(
                        "webhooks", Reports.of(webhooks)); // only then: get_status (MCP) shows the same keys otherwise
            }
            out.println(toJson(fields));
            return;
        }
        switch (status) {
            case DaemonStatus.Stopped stopped -> out.println("waiaas is stopped");
            case DaemonStatus.Starting starting ->
                out.printf("waiaas is starting (pid %d, port %d)%n", starting.pid(), starting.port());
            case DaemonStatus.Running running -> {
                HealthSnapshot h = running.health();
                out.println("waiaas is running");
                out.printf("  pid      %d%n", running.pid());
                out.printf("  port     %d%n", running.port());
                out.printf("  version  %s%n", h.version());
                out.printf(
                        "  latest   %s%n",
                        h.latestVersion()
                                .map(v ->
                                        h.updateAvailable() ? v + " (update available: waiaas upgrade)" : v.toString())
                                .orElseGet(() -> running.lastCheckFailure()
                                        .map(f -> "unknown (the last check, " + TIME.format(f.at()) + ", failed: "
                                                + f.reason() + ")")
                                        .orElse("unknown")));
                running.registryWarnings().forEach(w -> out.printf("  warning  %s%n", w));
                out.printf("  schema   %s%n", h.schemaVersion());
                out.printf("  uptime   %ds%n", h.uptime().toSeconds());
            }
        }
        if (sayUpdates) {
            out.printf("  updates  %s%n", describe(updates));
            updates.last().ifPresent(last -> out.printf("  last     %s%n", describe(last)));
        }
        webhooks.receiver()
                .ifPresent(receiver -> out.printf(
                        "  webhooks %s (%s)%n",
                        receiver, webhooks.last().map(StatusCommand::describe).orElse("nothing sent yet")));
    }

    /** Poll the daemon's status until it is running and ready, for at most {@code seconds}. */
    private void awaitReady(int seconds) {
        if (seconds < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--wait-ready takes a number of seconds of 1 or more, not " + seconds);
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        DaemonStatus status = root.inPorts().controlDaemon().status();
        while (!(status instanceof DaemonStatus.Running)) {
            if (System.nanoTime() - deadline > 0) {
                throw CliException.failed("the daemon is not ready after " + seconds + " s ("
                        + (status instanceof DaemonStatus.Starting ? "still starting" : "not running")
                        + "); see its log: " + "logs/daemon.log in the data dir");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.failed("interrupted while waiting for the daemon");
            }
            status = root.inPorts().controlDaemon().status();
        }
    }

    private static String describe(DescribeUpdates.Report updates) {
        if (updates.autoApply() == AutoApply.OFF) {
            return "applied by an operator ([update] auto_apply = \"off\")";
        }
        String kinds = switch (updates.autoApply()) {
            case PATCH -> "patch releases";
            case MINOR -> "patch and minor releases";
            default -> "every release";
        };
        return updates.windows().isEmpty()
                ? "unattended (" + kinds + "), but no [update] window is set: none is applied"
                : "unattended: " + kinds + " in "
                        + String.join(
                                ", ",
                                updates.windows().stream().map(String::valueOf).toList())
                        + " (local time)";
    }

    private static String describe(UpgradeRecord last) {
        String versions = last.from().isPresent() && last.to().isPresent()
                ? " " + last.from().get() + " \u2192 " + last.to().get()
                : last.to().map(v -> " to " + v).orElse("");
        return last.action().code() + versions + ": " + last.result().code().replace('-', ' ')
                + last.reason().map(r -> " (" + r.code() + ")").orElse("") + " at " + TIME.format(last.at());
    }

    /** Say what became of the last webhook attempt, e.g. "last: upgrade.succeeded delivered 2026-12-07 15:00 UTC". */
    private static String describe(WebhookDelivery last) {
        String what = switch (last.outcome()) {
            case DELIVERED -> "delivered";
            case RETRYING -> "not delivered yet, retrying: " + last.detail();
            case GAVE_UP -> "given up: " + last.detail();
        };
        return "last: " + last.event() + " " + what + ", " + TIME.format(last.at());
    }

    private static String toJson(Map<String, Object> fields) {
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
