package io.waiaas.adapters.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.platform.Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Run {@code waiaas upgrade --yes --json} of the installed launcher as a child process and read its report.
 *
 * <p>Why a child and not the in-port in this process: the MCP server lives long, and an upgrade replaces the code it
 * runs from ({@code current} moves to the new version), stops and restarts the daemon, and journals each step so that
 * a crash is recovered by the next command. The child is exactly the supervised CLI upgrade, with its own lock, its
 * journal and its recovery; this server only asks for it and waits, its stdout never shared with the protocol.
 */
final class ChildUpgrade {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final List<String> command;

    ChildUpgrade(List<String> command) {
        this.command = List.copyOf(command);
    }

    /**
     * The child's report.
     *
     * @param report the outcome object {@code upgrade --json} printed last, with the steps it printed before and what
     *     its install verified of the release
     * @param exitCode the child's exit code (CMDS-03)
     */
    record Result(Map<String, Object> report, int exitCode) {}

    Result run(UpgradeRequest request) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("upgrade", "--yes", "--json"));
        request.to().ifPresent(to -> argv.addAll(List.of("--to", to)));
        if (request.allowDowngrade()) {
            argv.add("--allow-downgrade");
        }
        if (request.noStart()) {
            argv.add("--no-start");
        }
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put(Layout.Env.NO_UPDATE_NOTIFY, "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Tools.ToolError("cannot run " + command.getFirst() + ": " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<List<String>> err = CompletableFuture.supplyAsync(() -> lines(process, false));
            List<String> out = lines(process, true);
            int exitCode = process.waitFor();
            return new Result(report(out, err.join(), exitCode), exitCode);
        } catch (IOException e) {
            throw new Tools.ToolError("the upgrade's child process failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Tools.ToolError("interrupted while the upgrade runs; it goes on in its own process");
        }
    }

    private static Map<String, Object> report(List<String> out, List<String> err, int exitCode) {
        List<Object> steps = new ArrayList<>();
        Map<String, Object> outcome = null;
        Map<String, Object> verified = null;
        for (String line : out) {
            JsonNode node;
            try {
                node = Tools.JSON.readTree(line);
            } catch (IOException e) {
                continue;
            }
            if (!node.isObject()) {
                continue;
            }
            if (node.has("outcome")) {
                outcome = Tools.JSON.convertValue(node, MAP);
            } else if (node.has("verified")) {
                // What the install verified of the release (integrity, signatures): not a step.
                verified = Tools.JSON.convertValue(node.get("verified"), MAP);
            } else {
                steps.add(Tools.JSON.convertValue(node, MAP));
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        if (outcome == null) {
            // The command failed before it could report an outcome (bad configuration, bad --to): its one line.
            report.put("outcome", "failed");
            report.put("exitCode", exitCode);
            String last = err.isEmpty() ? "the upgrade exited with code " + exitCode : err.getLast();
            report.put("message", last.startsWith("waiaas: ") ? last.substring("waiaas: ".length()) : last);
        } else {
            report.putAll(outcome);
        }
        if (verified != null) {
            report.put("verified", verified);
        }
        report.put("steps", steps);
        return report;
    }

    private static List<String> lines(Process process, boolean stdout) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                stdout ? process.getInputStream() : process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // the child closed its side; what was read is kept
        }
        return lines;
    }
}
