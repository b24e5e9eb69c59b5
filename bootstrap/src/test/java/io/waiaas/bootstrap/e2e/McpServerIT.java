package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waiaas mcp} of the real runtime image, driven by the MCP Java SDK's own client from this JVM (the server is
 * another JVM) and by hand-written JSON-RPC lines: its answers are what {@code /health} and the CLI's {@code --json}
 * say; a stopped daemon and malformed lines are errors it survives; closing stdin ends it with exit 0.
 */
@Timeout(300)
class McpServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> READ_ONLY_TOOLS =
            List.of("get_health", "check_for_update", "plan_upgrade", "list_backups", "get_status");

    @TempDir
    Path tmp;

    private McpTestBed bed;
    private ImageRunner waiaas;

    @BeforeEach
    void setUp() throws IOException {
        bed = new McpTestBed(tmp, "SHA256:mcp-it");
        waiaas = bed.waiaas;
    }

    @AfterEach
    void tearDown() throws Exception {
        bed.close();
    }

    @Test
    void theJavaSdksClientGetsWhatHealthAndTheCliSay() throws Exception {
        bed.startDaemon();
        assertEquals(0, waiaas.run("backup", "create").exit());

        try (McpSyncClient client = client()) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("waiaas", init.serverInfo().name());
            assertEquals(bed.n, init.serverInfo().version());

            List<McpSchema.Tool> tools = client.listTools().tools();
            assertEquals(
                    READ_ONLY_TOOLS, tools.stream().map(McpSchema.Tool::name).toList());
            tools.forEach(tool -> assertTrue(tool.outputSchema() != null, tool.name() + " has no output schema"));

            JsonNode health = structured(client, "get_health", Map.of());
            bed.assertIsHealth(health);

            assertEquals(bed.cli("upgrade", "--check", "--json"), structured(client, "check_for_update", Map.of()));
            assertEquals(
                    bed.cli("upgrade", "--check", "--json", "--to", bed.n),
                    structured(client, "check_for_update", Map.of("to", bed.n)));
            JsonNode plan = structured(client, "plan_upgrade", Map.of());
            assertEquals(bed.cli("upgrade", "--dry-run", "--json"), plan);
            assertEquals("planned", plan.get("outcome").textValue());
            assertEquals(bed.next, plan.get("to").textValue());

            JsonNode backups = structured(client, "list_backups", Map.of());
            assertEquals(bed.cli("backup", "list", "--json"), backups.get("backups"));
            assertEquals(1, backups.get("backups").size());

            JsonNode status = structured(client, "get_status", Map.of());
            JsonNode cliStatus = bed.cli("status", "--json");
            ((ObjectNode) status).remove("uptime");
            ((ObjectNode) cliStatus).remove("uptime");
            assertEquals(cliStatus, status);
            assertEquals("running", status.get("state").textValue());

            McpSchema.CallToolResult badTarget =
                    client.callTool(new McpSchema.CallToolRequest("plan_upgrade", Map.of("to", "not a range!")));
            assertTrue(badTarget.isError(), badTarget.toString());
            ImageRunner.Result cliBadTarget = waiaas.run("upgrade", "--dry-run", "--to", "not a range!");
            assertEquals(cliBadTarget.err().strip(), text(badTarget), "the same one line as the CLI");
        }
    }

    @Test
    void aStoppedDaemonAndMalformedLinesAreErrorsAndTheServerKeepsServingUntilStdinCloses() throws Exception {
        Process mcp = waiaas.startWithInput("mcp");
        try (OutputStream in = mcp.getOutputStream();
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(mcp.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals(
                    "waiaas", initialize(in, out).at("/result/serverInfo/name").textValue());

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"get_health\"}}");
            JsonNode stopped = reply(out, 2);
            assertTrue(stopped.at("/result/isError").booleanValue(), stopped.toString());
            assertEquals(
                    "waiaas: no waiaas daemon answers on 127.0.0.1:" + bed.port + " (start it with: waiaas start -d)",
                    stopped.at("/result/content/0/text").textValue());

            send(in, "this is not JSON");
            JsonNode parseError = JSON.readTree(out.readLine());
            assertEquals(-32700, parseError.at("/error/code").intValue(), parseError.toString());
            assertTrue(parseError.get("id").isNull());

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"params\":{}}");
            assertEquals(-32600, reply(out, 3).at("/error/code").intValue());

            send(
                    in,
                    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"get_health\","
                            + "\"arguments\":{\"verbose\":true}}}");
            JsonNode unknownArgument = reply(out, 4);
            assertTrue(unknownArgument.at("/result/isError").booleanValue(), unknownArgument.toString());

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}");
            assertEquals(
                    READ_ONLY_TOOLS.size(), reply(out, 5).at("/result/tools").size());
        }
        // stdin is closed: the server ends, exit 0.
        assertTrue(mcp.waitFor(30, TimeUnit.SECONDS), "waiaas mcp did not end when its stdin closed");
        assertEquals(0, mcp.exitValue(), new String(mcp.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void whenAllowedTheUpgradeToolIsTheSupervisedUpgradeWithItsOutcomeAndExitCode() throws Exception {
        Files.writeString(
                bed.dataDir.resolve("config.toml"), "[mcp]\nallow_upgrade = true\n", StandardOpenOption.APPEND);
        bed.startDaemon();
        try (McpSyncClient client = client()) {
            client.initialize();
            List<McpSchema.Tool> tools = client.listTools().tools();
            List<String> names = new ArrayList<>(READ_ONLY_TOOLS);
            names.add("upgrade");
            assertEquals(names, tools.stream().map(McpSchema.Tool::name).toList());
            assertFalse(tools.getLast().annotations().readOnlyHint());
            assertTrue(tools.getLast().annotations().destructiveHint());

            JsonNode upToDate = structured(client, "upgrade", Map.of("to", bed.n));
            assertEquals("up-to-date", upToDate.get("outcome").textValue(), upToDate.toString());
            assertEquals(0, upToDate.get("exitCode").intValue());

            JsonNode upgraded = structured(client, "upgrade", Map.of());
            assertEquals("upgraded", upgraded.get("outcome").textValue(), upgraded.toString());
            assertEquals(0, upgraded.get("exitCode").intValue());
            assertEquals(bed.n, upgraded.get("from").textValue());
            assertEquals(bed.next, upgraded.get("to").textValue());
            assertEquals(7, upgraded.get("steps").size(), upgraded.toString());
            assertEquals("sha512", upgraded.path("verified").path("integrity").textValue(), upgraded.toString());
            ImageRunner.awaitHealth(
                    bed.port, h -> bed.next.equals(h.path("version").textValue()), Duration.ofSeconds(20));
            String backup = upgraded.get("backup").textValue();
            assertTrue(backup.startsWith("pre-upgrade-" + bed.n + "-"), backup);
            assertTrue(Files.isDirectory(bed.dataDir.resolve("backups").resolve(backup)), backup);
        }
    }

    /** Start {@code waiaas mcp} of the image with the MCP Java SDK's stdio client (the server is another JVM). */
    private McpSyncClient client() {
        ServerParameters server = ServerParameters.builder(waiaas.command().getFirst())
                .args(waiaas.command("mcp").subList(1, 4))
                .env(waiaas.environment())
                .build();
        return McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper())))
                .requestTimeout(Duration.ofSeconds(120))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
    }

    private static JsonNode structured(McpSyncClient client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + ": " + result);
        JsonNode structured = JSON.valueToTree(result.structuredContent());
        assertEquals(structured, readText(result), tool + "'s text content is its structured content");
        return structured;
    }

    private static JsonNode readText(McpSchema.CallToolResult result) {
        try {
            return JSON.readTree(text(result));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    /** Open the session by hand: {@code initialize} (id 1), then {@code notifications/initialized}; return the answer. */
    private static JsonNode initialize(OutputStream in, BufferedReader out) throws IOException {
        send(
                in,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
        JsonNode answer = reply(out, 1);
        send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return answer;
    }

    private static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Read lines until the response to {@code id}; every line on stdout must be JSON-RPC. */
    private static JsonNode reply(BufferedReader out, int id) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            JsonNode message = JSON.readTree(line);
            assertEquals("2.0", message.path("jsonrpc").textValue(), "not JSON-RPC on stdout: " + line);
            if (message.path("id").asInt(-1) == id) {
                return message;
            }
        }
        throw new AssertionError("stdout ended before the answer to " + id);
    }
}
