package io.waiaas.adapters.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.waiaas.application.port.in.Reports;
import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import io.waiaas.sdk.HealthResponse;
import io.waiaas.sdk.WaiaasClient;
import io.waiaas.sdk.WaiaasClientException;
import io.waiaas.sdk.WireSchema;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The MCP tools: each reads its arguments, drives one in-port (or the daemon's {@code /health} through the SDK) and
 * answers with the same report the CLI's {@code --json} prints ({@link Reports}); a failure is a tool error carrying
 * the CLI's one-line message.
 */
final class Tools {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(Tools.class.getName());
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    /** How long {@code get_health} waits for the daemon. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private static final String NO_INPUT = """
            {"type": "object", "properties": {}, "additionalProperties": false}""";
    private static final String TO = """
            "to": {"type": "string", "description": "Target: an exact version, a dist-tag (e.g. next) or an npm \
            range (e.g. ^1.9); the followed channel when left out."}""";
    private static final String UPGRADE_INPUT = """
            {"type": "object", "properties": {%s,
              "allowDowngrade": {"type": "boolean", "description": "Allow a target below the installed version."},
              "noStart": {"type": "boolean", "description": "Leave the daemon stopped afterwards."}},
             "additionalProperties": false}""".formatted(TO);
    /** What an update brings (UPGR-B7), as {@code upgrade --check --json} and {@code --dry-run --json} add it. */
    private static final String DETAILS_PROPERTIES = """
              "releaseNotes": {"type": "array", "items": {"type": "object"}},
              "notesLeftOut": {"type": "integer"}, "publishedAt": {"type": ["string", "null"]},
              "schema": {"type": "object"}, "requiredStops": {"type": "array", "items": {"type": "string"}}""";

    private static final String CHECK_OUTPUT = """
            {"type": "object", "properties": {
              "current": {"type": "string"}, "target": {"type": "string"},
              "updateAvailable": {"type": "boolean"}, "downgrade": {"type": "boolean"}, %s},
             "required": ["current", "target", "updateAvailable", "downgrade"], "additionalProperties": false}""".formatted(DETAILS_PROPERTIES);
    private static final String OUTCOME_PROPERTIES = """
              "outcome": {"type": "string"}, "exitCode": {"type": "integer"},
              "version": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"},
              "route": {"type": "array", "items": {"type": "string"}}, "restart": {"type": "boolean"},
              "reason": {"type": "string"}, "message": {"type": "string"}""";
    private static final String PLAN_OUTPUT = """
            {"type": "object", "properties": {%s, %s},
             "required": ["outcome", "exitCode"], "additionalProperties": false}""".formatted(OUTCOME_PROPERTIES, DETAILS_PROPERTIES);
    private static final String UPGRADE_OUTPUT = """
            {"type": "object", "properties": {%s,
              "backup": {"type": "string"}, "kept": {"type": "string"}, "step": {"type": "string"},
              "cause": {"type": "string"}, "restored": {"type": "string"}, "rollbackCause": {"type": "string"},
              "manualSteps": {"type": "array", "items": {"type": "string"}},
              "verified": {"type": "object"}, "steps": {"type": "array", "items": {"type": "object"}}},
             "required": ["outcome", "exitCode"], "additionalProperties": false}""".formatted(OUTCOME_PROPERTIES);
    private static final String BACKUPS_OUTPUT = """
            {"type": "object", "properties": {"backups": {"type": "array", "items": {"type": "object",
              "properties": {
                "id": {"type": "string"}, "reason": {"type": "string"}, "appVersion": {"type": "string"},
                "schemaVersion": {"type": ["integer", "null"]}, "size": {"type": "integer"},
                "createdAt": {"type": "string"},
                "files": {"type": "array", "items": {"type": "object", "properties": {
                  "name": {"type": "string"}, "size": {"type": "integer"}, "sha256": {"type": "string"}},
                  "required": ["name", "size", "sha256"]}}},
              "required": ["id", "reason", "appVersion", "schemaVersion", "size", "createdAt", "files"]}}},
             "required": ["backups"], "additionalProperties": false}""";
    private static final String STATUS_OUTPUT = """
            {"type": "object", "properties": {
              "state": {"type": "string", "enum": ["stopped", "starting", "running"]},
              "pid": {"type": "integer"}, "port": {"type": "integer"}, "version": {"type": "string"},
              "latestVersion": {"type": ["string", "null"]}, "updateAvailable": {"type": "boolean"},
              "registryWarnings": {"type": "array", "items": {"type": "string"}},
              "schemaVersion": {"type": "integer"}, "uptime": {"type": "integer"}},
             "required": ["state"], "additionalProperties": false}""";

    private final McpPorts ports;
    private final McpSettings settings;
    private final ChildUpgrade childUpgrade;

    Tools(McpPorts ports, McpSettings settings) {
        this.ports = ports;
        this.settings = settings;
        this.childUpgrade = new ChildUpgrade(settings.upgradeCommand());
    }

    /** Return the tools this server offers: the read-only five, and {@code upgrade} when it is allowed. */
    List<SyncToolSpecification> specifications() {
        List<SyncToolSpecification> tools = new ArrayList<>();
        tools.add(tool(
                "get_health",
                "Ask the running daemon GET /health: its version, the newest known release, whether an update"
                        + " is available, its schema version and uptime (the /health contract, key for key).",
                NO_INPUT,
                WireSchema.of(HealthResponse.class).toString(),
                true,
                arguments -> {
                    allowOnly(arguments, Set.of());
                    return success(JSON.convertValue(health(), MAP));
                }));
        tools.add(tool(
                "check_for_update",
                "Ask the registry whether a newer release is available (what `waiaas upgrade --check --json`"
                        + " says); changes nothing.",
                "{\"type\": \"object\", \"properties\": {" + TO + "}, \"additionalProperties\": false}",
                CHECK_OUTPUT,
                true,
                arguments -> {
                    allowOnly(arguments, Set.of("to"));
                    TargetCheck check = ports.checkForUpdates().get().checkTarget(text(arguments, "to"));
                    Map<String, Object> result = new LinkedHashMap<>(Reports.of(check));
                    if (check instanceof TargetCheck.UpdateAvailable) {
                        result.putAll(details(check.current(), check.target()));
                    }
                    return success(result);
                }));
        tools.add(tool(
                "plan_upgrade",
                "Plan an upgrade without changing anything (what `waiaas upgrade --dry-run --json` says): the"
                        + " target, the route through required stops, whether the daemon restarts, or why it is"
                        + " refused (reason code and exit code).",
                UPGRADE_INPUT,
                PLAN_OUTPUT,
                true,
                arguments -> {
                    allowOnly(arguments, Set.of("to", "allowDowngrade", "noStart"));
                    UpgradeOutcome outcome =
                            ports.performUpgrade().get().plan(request(arguments), UpgradeListener.SILENT);
                    Map<String, Object> result = new LinkedHashMap<>(Reports.of(outcome));
                    if (outcome instanceof UpgradeOutcome.Planned plan) {
                        result.putAll(details(plan.from(), plan.to()));
                    }
                    return outcome(result, outcome.exitCode());
                }));
        tools.add(tool(
                "list_backups",
                "List the verified backups of the database and config.toml, newest first (what `waiaas backup"
                        + " list --json` says).",
                NO_INPUT,
                BACKUPS_OUTPUT,
                true,
                arguments -> {
                    allowOnly(arguments, Set.of());
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("backups", Reports.of(ports.manageBackups().get().list()));
                    return success(result);
                }));
        tools.add(tool(
                "get_status",
                "Tell whether the daemon is stopped, starting or running, with its pid, port and health (what"
                        + " `waiaas status --json` says).",
                NO_INPUT,
                STATUS_OUTPUT,
                true,
                arguments -> {
                    allowOnly(arguments, Set.of());
                    return success(Reports.of(ports.controlDaemon().get().status()));
                }));
        if (settings.allowUpgrade()) {
            tools.add(tool(
                    "upgrade",
                    "Upgrade waiaas now: the same supervised seven-step upgrade as `waiaas upgrade --yes --json`"
                            + " (verified download, backup, stop, install, migrate, verify, restart; automatic"
                            + " rollback on failure), run as a child process. The result carries the outcome, its"
                            + " reason code and exit code, and each step.",
                    UPGRADE_INPUT,
                    UPGRADE_OUTPUT,
                    false,
                    arguments -> {
                        allowOnly(arguments, Set.of("to", "allowDowngrade", "noStart"));
                        ChildUpgrade.Result result = childUpgrade.run(request(arguments));
                        return outcome(result.report(), result.exitCode());
                    }));
        }
        return tools;
    }

    private HealthResponse health() {
        try {
            return WaiaasClient.create(settings.daemonPort().getAsInt(), HEALTH_TIMEOUT)
                    .health();
        } catch (WaiaasClientException e) {
            throw new ToolError(e.getMessage());
        }
    }

    private static UpgradeRequest request(Map<String, Object> arguments) {
        return new UpgradeRequest(text(arguments, "to"), flag(arguments, "allowDowngrade"), flag(arguments, "noStart"));
    }

    private static SyncToolSpecification tool(
            String name,
            String description,
            String inputSchema,
            String outputSchema,
            boolean readOnly,
            Function<Map<String, Object>, CallToolResult> call) {
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(name)
                .description(description)
                .inputSchema(parse(inputSchema))
                .outputSchema(parse(outputSchema))
                .annotations(new ToolAnnotations(null, readOnly, !readOnly, readOnly, null, null))
                .build();
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> answer(call, request.arguments()))
                .build();
    }

    /** Run a tool; every failure becomes a tool error with one line, never a protocol failure or a stack trace. */
    private static CallToolResult answer(
            Function<Map<String, Object>, CallToolResult> call, Map<String, Object> arguments) {
        try {
            return call.apply(arguments == null ? Map.of() : arguments);
        } catch (ToolError | WaiaasException e) {
            return failure(e.getMessage());
        } catch (RuntimeException e) {
            // Never a class name or a stack trace in the answer: the details go to the log (stderr), not stdout.
            LOG.log(System.Logger.Level.ERROR, "an MCP tool failed unexpectedly", e);
            return failure("the tool failed unexpectedly; the details are in waiaas mcp's log (its stderr)");
        }
    }

    static CallToolResult success(Map<String, Object> report) {
        return CallToolResult.builder()
                .structuredContent(report)
                .addTextContent(json(report))
                .isError(false)
                .build();
    }

    /** Answer with an outcome report; one that does not exit 0 (refused, rolled back, …) is a tool error. */
    /**
     * Return what an update from {@code from} to {@code to} brings, as the CLI's {@code --json} adds it; nothing when
     * the registry cannot tell: notes are for reading, never a reason to fail the call.
     */
    private Map<String, Object> details(Version from, Version to) {
        try {
            return Reports.of(ports.describeRelease().get().describe(from, to));
        } catch (WaiaasException e) {
            return Map.of();
        }
    }

    private static CallToolResult outcome(Map<String, Object> report, int exitCode) {
        return CallToolResult.builder()
                .structuredContent(report)
                .addTextContent(json(report))
                .isError(exitCode != 0)
                .build();
    }

    private static CallToolResult failure(String message) {
        return CallToolResult.builder()
                .addTextContent("waiaas: " + message)
                .isError(true)
                .build();
    }

    private static void allowOnly(Map<String, Object> arguments, Set<String> names) {
        for (String name : arguments.keySet()) {
            if (!names.contains(name)) {
                throw new ToolError("unknown argument '" + name + "'"
                        + (names.isEmpty() ? "; this tool takes none" : "; it takes " + String.join(", ", names)));
            }
        }
    }

    private static Optional<String> text(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw new ToolError("argument '" + name + "' must be a string");
        }
        return Optional.of(s);
    }

    private static boolean flag(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw new ToolError("argument '" + name + "' must be true or false");
        }
        return b;
    }

    private static Map<String, Object> parse(String schema) {
        try {
            return JSON.readValue(schema, MAP);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tool failure whose message is the one line the client sees. */
    static final class ToolError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolError(String message) {
            super(message);
        }
    }
}
