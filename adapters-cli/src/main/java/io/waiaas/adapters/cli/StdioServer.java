package io.waiaas.adapters.cli;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Serve a protocol over the process's stdin and stdout, returning once stdin ends: what {@code waiaas mcp} runs.
 *
 * <p>The CLI cannot depend on the adapter that speaks the protocol (adapters never depend on each other), so
 * bootstrap hands one over through {@link InPorts#mcpServer()}.
 */
@FunctionalInterface
public interface StdioServer {

    /** Read requests from {@code in} and answer on {@code out} until {@code in} ends. */
    void serve(InputStream in, OutputStream out);
}
