package io.waiaas.adapters.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Stand between stdin and the SDK's stdio transport, which ends the whole session on the first line it cannot read
 * as a JSON-RPC message: a malformed line is answered here with the JSON-RPC error it deserves ({@code -32700} parse
 * error, {@code -32600} invalid request) and never reaches the transport, so the server keeps serving. Well-formed
 * lines pass through unchanged. The end of stdin ends the transport's input and counts {@link #ended()} down.
 */
final class ProtocolGuard implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputStream in;
    private final OutputStream toTransport;
    private final LineOutput out;
    private final McpJsonMapper mapper;
    private final CountDownLatch ended = new CountDownLatch(1);

    ProtocolGuard(InputStream in, OutputStream toTransport, LineOutput out, McpJsonMapper mapper) {
        this.in = in;
        this.toTransport = toTransport;
        this.out = out;
        this.mapper = mapper;
    }

    /** Return the latch that reaches zero once stdin has ended (or cannot be read any more). */
    CountDownLatch ended() {
        return ended;
    }

    @Override
    public void run() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                OutputStream transport = toTransport) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode error = check(line);
                if (error == null) {
                    transport.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    transport.flush();
                } else {
                    out.writeLine(JSON.writeValueAsBytes(error));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // stdin or stdout is gone: nothing more can be served.
        } finally {
            ended.countDown();
        }
    }

    /** Return the JSON-RPC error answering {@code line}, or {@code null} when the transport can take it. */
    private ObjectNode check(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return error(null, -32700, "Parse error: the line is not JSON");
        }
        JsonNode id = node.isObject() ? node.get("id") : null;
        if (!node.isObject()
                || !"2.0".equals(node.path("jsonrpc").asText(null))
                || !(node.has("method") || node.has("result") || node.has("error"))) {
            return error(id, -32600, "Invalid Request: not a JSON-RPC 2.0 message");
        }
        if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
            return error(null, -32600, "Invalid Request: id must be a string or an integer");
        }
        try {
            McpSchema.deserializeJsonRpcMessage(mapper, line);
            return null;
        } catch (IOException | RuntimeException e) {
            return error(id, -32600, "Invalid Request: not a JSON-RPC message this server can read");
        }
    }

    private static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode response = JSON.createObjectNode();
        response.put("jsonrpc", "2.0");
        if (id == null) {
            response.putNull("id");
        } else {
            response.set("id", id);
        }
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return response;
    }
}
