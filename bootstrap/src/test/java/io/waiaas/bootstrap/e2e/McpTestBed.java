package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.RegistryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the {@code waiaas mcp} tests drive: a data dir whose daemon port is free and whose update check follows a
 * loopback registry serving this build (N) and the N+1 test package as {@code latest}; and the answers of the CLI and
 * {@code /health} the MCP tools' results are compared with.
 */
final class McpTestBed implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String n = System.getProperty("waiaas.version");
    final String next;
    final Path dataDir;
    final ImageRunner waiaas;
    final int port;
    private final LoopbackRegistry registry;

    McpTestBed(Path tmp, String keyName) throws IOException {
        RegistryKey key = RegistryKey.generate(keyName);
        next = TestReleases.nextVersion();
        registry = TestReleases.serveReleaseAndNext(n, next, key);
        dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        waiaas = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = true\nregistry = \"" + registry.uri() + "\"\n");
    }

    /** Start the daemon and wait until its {@code /health} knows the N+1 release. */
    void startDaemon() throws Exception {
        assertEquals(0, waiaas.run("start", "-d").exit());
        ImageRunner.awaitHealth(port, h -> next.equals(h.path("latestVersion").textValue()), Duration.ofSeconds(20));
    }

    /** Return the JSON {@code waiaas ARGS} prints as its last line (a {@code --json} report), which must exit 0. */
    JsonNode cli(String... args) throws Exception {
        ImageRunner.Result result = waiaas.run(args);
        assertEquals(0, result.exit(), result.toString());
        return JSON.readTree(result.out().strip().lines().toList().getLast());
    }

    /**
     * Assert that {@code health} (a tool's answer) has the keys of the daemon's {@code /health}, in order, and its
     * values but for the two that move with the clock ({@code uptime}, {@code timestamp}).
     */
    void assertIsHealth(JsonNode health) throws IOException {
        JsonNode wire = JSON.readTree(
                ImageRunner.get(port, "/health", "127.0.0.1").orElseThrow().body());
        assertEquals(keys(wire), keys(health));
        for (String stable : List.of("status", "version", "latestVersion", "updateAvailable", "schemaVersion")) {
            assertEquals(wire.get(stable), health.get(stable), stable);
        }
        assertEquals(next, health.get("latestVersion").textValue());
    }

    @Override
    public void close() throws Exception {
        try {
            waiaas.stopAll(); // whatever version runs now
        } finally {
            registry.close();
        }
    }

    private static List<String> keys(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }
}
