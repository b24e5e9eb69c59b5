package io.waiaas.bootstrap.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waiaas.adapters.http.OpenApiDocument;
import io.waiaas.adapters.mcp.McpPorts;
import io.waiaas.adapters.mcp.McpSettings;
import io.waiaas.adapters.mcp.WaiaasMcpServer;
import io.waiaas.bootstrap.contract.HealthSurfaces.Field;
import io.waiaas.sdk.HealthResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The {@code /health} contract exists once (SYNC-01): the SDK's record, the JSON the daemon writes, the OpenAPI
 * schema, the MCP tool {@code get_health}'s output schema as the server lists it and the skill file agree (the
 * TypeScript declarations of the built npm package: {@code e2e.HealthTypesIT}) on names, order, types and nullability; and a copy of one surface with
 * one field's type changed makes the check fail.
 */
class HealthContractSyncTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<Field> CONTRACT = HealthSurfaces.CONTRACT;

    @Test
    void theContractIsTheSevenKeysOfHealth() {
        assertEquals(
                List.of(
                        new Field("status", "string", false),
                        new Field("version", "string", false),
                        new Field("latestVersion", "string", true),
                        new Field("updateAvailable", "boolean", false),
                        new Field("schemaVersion", "integer", false),
                        new Field("uptime", "integer", false),
                        new Field("timestamp", "integer", false)),
                CONTRACT);
    }

    @Test
    void theDaemonWritesTheContractsKeysAndTypesAndWritesNullRatherThanLeaveAKeyOut() throws IOException {
        JsonNode known = JSON.readTree(
                JSON.writeValueAsBytes(new HealthResponse("ok", "1.0.0", "1.1.0", true, 3, 60, 1_700_000_000L)));
        List<Field> notNull =
                CONTRACT.stream().map(f -> new Field(f.name(), f.type(), false)).toList();
        HealthSurfaces.assertAgrees("the JSON the daemon writes", notNull, HealthSurfaces.ofBody(known));
        JsonNode unknown =
                JSON.readTree(JSON.writeValueAsBytes(new HealthResponse("ok", "1.0.0", null, false, 3, 60, 1L)));
        assertTrue(unknown.get("latestVersion").isNull(), unknown.toString());
    }

    @Test
    void theOpenApiSchemaAgrees() {
        HealthSurfaces.assertAgrees("the OpenAPI schema", CONTRACT, HealthSurfaces.ofSchema(openApiSchema()));
        assertEquals(
                "#/components/schemas/HealthResponse",
                OpenApiDocument.document("1.0.0")
                        .at("/paths/~1health/get/responses/200/content/application~1json/schema/$ref")
                        .textValue());
    }

    @Test
    void theMcpToolsOutputSchemaAsTheServerListsItAgrees() throws Exception {
        HealthSurfaces.assertAgrees(
                "get_health's output schema", CONTRACT, HealthSurfaces.ofSchema(listedGetHealthOutputSchema()));
    }

    @Test
    void theSkillFilesTableAndExampleAgree() throws IOException {
        String skill = Files.readString(repoFile("skills/health.skill.md"));
        HealthSurfaces.assertAgrees("skills/health.skill.md's table", CONTRACT, HealthSurfaces.ofSkillTable(skill));
        JsonNode example = HealthSurfaces.skillExample(skill);
        assertEquals(
                CONTRACT.stream().map(Field::name).toList(),
                HealthSurfaces.ofBody(example).stream().map(Field::name).toList(),
                "skills/health.skill.md's example");
        JSON.treeToValue(example, HealthResponse.class);
    }

    // ---- the check can fail: one field's type changed in a copy of one surface ----

    @Test
    void aSkillFileWithOneTypeChangedFailsTheCheck() throws IOException {
        String skill = Files.readString(repoFile("skills/health.skill.md"));
        String changed = skill.replace("| `uptime` | integer |", "| `uptime` | string |");
        assertTrue(!changed.equals(skill), "the skill file's uptime row moved");
        assertEquals(
                List.of("field 'uptime': expected uptime: integer but was uptime: string"),
                HealthSurfaces.differences(CONTRACT, HealthSurfaces.ofSkillTable(changed)));
    }

    @Test
    void anOpenApiSchemaWithOneTypeChangedFailsTheCheck() {
        ObjectNode changed = openApiSchema().deepCopy();
        ((ObjectNode) changed.at("/properties/schemaVersion")).put("type", "string");
        assertEquals(
                List.of("field 'schemaVersion': expected schemaVersion: integer but was schemaVersion: string"),
                HealthSurfaces.differences(CONTRACT, HealthSurfaces.ofSchema(changed)));
    }

    @Test
    void anMcpOutputSchemaThatLosesNullabilityFailsTheCheck() throws Exception {
        ObjectNode changed = listedGetHealthOutputSchema().deepCopy();
        ((ObjectNode) changed.at("/properties/latestVersion")).put("type", "string");
        assertEquals(
                List.of("field 'latestVersion': expected latestVersion: string or null but was latestVersion: string"),
                HealthSurfaces.differences(CONTRACT, HealthSurfaces.ofSchema(changed)));
    }

    @Test
    void typeScriptDeclarationsWithOneTypeChangedFailTheCheck() {
        String declarations = """
                export interface components {
                    schemas: {
                        HealthResponse: {
                            status: string;
                            version: string;
                            latestVersion: string | null;
                            updateAvailable: string;
                            /** Format: int32 */
                            schemaVersion: number;
                            /** Format: int64 */
                            uptime: number;
                            /** Format: int64 */
                            timestamp: number;
                        };
                    };
                }
                """;
        assertEquals(
                List.of("field 'updateAvailable': expected updateAvailable: boolean but was updateAvailable: string"),
                HealthSurfaces.differences(CONTRACT, HealthSurfaces.ofTypeScript(declarations)));
    }

    private static JsonNode openApiSchema() {
        return OpenApiDocument.document("1.0.0").at("/components/schemas/HealthResponse");
    }

    /** Ask a real {@link WaiaasMcpServer} for its tools over a pair of pipes, and return get_health's output schema. */
    private static JsonNode listedGetHealthOutputSchema() throws Exception {
        WaiaasMcpServer server = new WaiaasMcpServer(
                new McpPorts(unused(), unused(), unused(), unused(), unused()),
                new McpSettings("1.0.0", () -> 1, List.of()));
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
        PipedInputStream fromServer = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        Thread serving = Thread.ofPlatform().daemon().start(() -> server.serve(serverIn, serverOut));
        try (OutputStream in = toServer;
                BufferedReader out = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
            send(
                    in,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"sync\",\"version\":\"1\"}}}");
            out.readLine();
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            JsonNode tools = JSON.readTree(out.readLine()).at("/result/tools");
            for (JsonNode tool : tools) {
                if (tool.get("name").textValue().equals("get_health")) {
                    return tool.get("outputSchema");
                }
            }
            throw new AssertionError("the MCP server lists no get_health: " + tools);
        } finally {
            serving.join(10_000);
        }
    }

    /** Return an in-port supplier that fails the test when asked: listing the tools drives no in-port. */
    private static <T> Supplier<T> unused() {
        return () -> {
            throw new AssertionError("tools/list calls no in-port");
        };
    }

    private static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static Path repoFile(String relative) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(relative))) {
                return d.resolve(relative);
            }
        }
        throw new AssertionError("no " + relative + " above " + dir);
    }
}
