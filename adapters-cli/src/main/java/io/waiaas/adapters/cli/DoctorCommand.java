package io.waiaas.adapters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.in.Diagnosis;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code waiaas doctor}: one line per check, ok, warn or fail; exit 1 when any fails (DOCT-01). */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "Check this installation and its data dir; exit 1 when a check fails.")
final class DoctorCommand implements Callable<Integer> {
    /** The exit code when a check fails. */
    static final int FAILED = 1;

    @ParentCommand
    WaiaasCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object: ok, and the checks with name, status, message.")
    boolean json;

    @Override
    public Integer call() {
        Diagnosis diagnosis = root.inPorts().diagnose().diagnose();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("ok", !diagnosis.failed());
            List<Map<String, String>> checks = diagnosis.checks().stream()
                    .map(c -> {
                        Map<String, String> check = new LinkedHashMap<>();
                        check.put("name", c.name());
                        check.put("status", c.status().code());
                        check.put("message", c.message());
                        return check;
                    })
                    .toList();
            report.put("checks", checks);
            try {
                out.println(new ObjectMapper().writeValueAsString(report));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            int width = diagnosis.checks().stream()
                    .mapToInt(c -> c.name().length())
                    .max()
                    .orElse(0);
            for (Diagnosis.Check check : diagnosis.checks()) {
                out.printf("%-4s  %-" + width + "s  %s%n", check.status().code(), check.name(), check.message());
            }
        }
        return diagnosis.failed() ? FAILED : 0;
    }
}
