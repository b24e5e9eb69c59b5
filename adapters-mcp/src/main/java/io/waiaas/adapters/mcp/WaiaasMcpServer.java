package io.waiaas.adapters.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;

/**
 * Serve the MCP protocol over a pair of streams (stdin and stdout of {@code waiaas mcp}) until the input ends.
 *
 * <p>Nothing but protocol is written to {@code out}; the SDK logs through slf4j into java.util.logging (stderr).
 */
public final class WaiaasMcpServer {
    private static final String INSTRUCTIONS = "waiaas is a self-hosted daemon. get_health reads the running"
            + " daemon's /health; check_for_update and plan_upgrade ask the registry and change nothing;"
            + " list_backups and get_status describe the data dir. Tool errors carry the CLI's one-line message.";

    private final McpPorts ports;
    private final McpSettings settings;

    public WaiaasMcpServer(McpPorts ports, McpSettings settings) {
        this.ports = ports;
        this.settings = settings;
    }

    /** Serve requests read from {@code in}, answering on {@code out}, and return once {@code in} ends. */
    public void serve(InputStream in, OutputStream out) {
        ObjectMapper objectMapper = new ObjectMapper();
        McpJsonMapper mapper = new JacksonMcpJsonMapper(objectMapper);
        LineOutput lines = new LineOutput(out);
        PipedInputStream transportIn = new PipedInputStream(1 << 16);
        ProtocolGuard guard;
        try {
            guard = new ProtocolGuard(in, new PipedOutputStream(transportIn), lines, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper, transportIn, lines))
                .serverInfo("waiaas", settings.version())
                .instructions(INSTRUCTIONS)
                .jsonMapper(mapper)
                .jsonSchemaValidator(new DefaultJsonSchemaValidator(objectMapper))
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(new Tools(ports, settings).specifications())
                .build();
        Thread reader = Thread.ofPlatform().name("mcp-stdin").daemon().start(guard);
        try {
            guard.ended().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reader.interrupt();
            server.closeGracefully();
        }
    }
}
