package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real MCP client nobody here wrote drives {@code waiaas mcp} of the runtime image: the MCP Inspector's CLI mode
 * (npm {@code @modelcontextprotocol/inspector}, pinned in tools/mcp and installed by scripts/mcp-tools) lists the tools
 * and calls {@code get_health}, {@code check_for_update} and {@code plan_upgrade} against a running daemon and the
 * loopback registry; the answers are what {@code /health}, {@code upgrade --check --json} and
 * {@code upgrade --dry-run --json} say.
 */
@Timeout(300)
class McpInspectorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INSPECTOR_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private McpTestBed bed;
    private Path inspector;

    @BeforeEach
    void setUp() throws Exception {
        bed = new McpTestBed(tmp, "SHA256:mcp-inspector-it");
        inspector = inspector();
    }

    @AfterEach
    void tearDown() throws Exception {
        bed.close();
    }

    @Test
    void theInspectorsCliListsTheToolsAndGetsWhatHealthAndTheCliSay() throws Exception {
        bed.startDaemon();

        JsonNode tools = inspect("--method", "tools/list").get("tools");
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.get("name").textValue()));
        assertEquals(List.of("get_health", "check_for_update", "plan_upgrade", "list_backups", "get_status"), names);

        bed.assertIsHealth(call("get_health"));
        assertEquals(bed.cli("upgrade", "--check", "--json"), call("check_for_update"));
        JsonNode plan = call("plan_upgrade");
        assertEquals(bed.cli("upgrade", "--dry-run", "--json"), plan);
        assertEquals("planned", plan.get("outcome").textValue());
        assertEquals(bed.next, plan.get("to").textValue());
    }

    private JsonNode call(String tool) throws Exception {
        JsonNode result = inspect("--method", "tools/call", "--tool-name", tool);
        assertFalse(result.path("isError").asBoolean(false), tool + ": " + result);
        JsonNode structured = result.get("structuredContent");
        assertEquals(structured, JSON.readTree(result.at("/content/0/text").textValue()), tool);
        return structured;
    }

    /** Run the Inspector's CLI mode against {@code waiaas mcp} and return the JSON it prints. */
    private JsonNode inspect(String... method) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "node",
                inspector.toString(),
                "--cli",
                "-e",
                "WAIAAS_DATA_DIR=" + bed.dataDir,
                "-e",
                "HOME=" + tmp,
                bed.waiaas.command().getFirst(),
                "mcp"));
        command.addAll(List.of(method));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.remove("WAIAAS_LAUNCHER");
        env.remove("JAVA_TOOL_OPTIONS");
        ImageRunner.Result result =
                ImageRunner.finish(builder.start(), "mcp-inspector " + String.join(" ", method), INSPECTOR_TIMEOUT);
        assertEquals(0, result.exit(), result.toString());
        return JSON.readTree(result.out());
    }

    /** Install the pinned tools if needed (scripts/mcp-tools) and return the Inspector's CLI entry point. */
    private static Path inspector() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("scripts/mcp-tools"))) {
            root = root.getParent();
            assertTrue(root != null, "no scripts/mcp-tools above " + System.getProperty("user.dir"));
        }
        ProcessBuilder builder =
                new ProcessBuilder(root.resolve("scripts/mcp-tools").toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        ImageRunner.Result installed = ImageRunner.finish(builder.start(), "scripts/mcp-tools", Duration.ofMinutes(5));
        assertEquals(0, installed.exit(), installed.toString());
        Path cli = Path.of(installed.out().strip()).resolve("@modelcontextprotocol/inspector/cli/build/cli.js");
        assertTrue(Files.isRegularFile(cli), "no " + cli);
        return cli;
    }
}
