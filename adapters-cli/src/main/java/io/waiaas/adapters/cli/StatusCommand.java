package io.waiaas.adapters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.in.Reports;
import io.waiaas.domain.HealthSnapshot;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code waiaas status}: stopped, starting or running, with pid, port, version, latest and schema. */
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

    @Override
    public void run() {
        DaemonStatus status = root.inPorts().controlDaemon().status();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(status));
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
                out.printf("  schema   %s%n", h.schemaVersion());
                out.printf("  uptime   %ds%n", h.uptime().toSeconds());
            }
        }
    }

    private static String toJson(DaemonStatus status) {
        Map<String, Object> fields = Reports.of(status);
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
