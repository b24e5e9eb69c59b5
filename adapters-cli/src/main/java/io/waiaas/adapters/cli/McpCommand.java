package io.waiaas.adapters.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code waiaas mcp}: an MCP server on stdin and stdout for agents; read-only unless {@code [mcp] allow_upgrade}.
 * Closing stdin ends it with exit code 0.
 */
@Command(
        name = "mcp",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the Model Context Protocol on stdin/stdout for agents (tools: get_health, check_for_update,"
                    + " plan_upgrade, list_backups, get_status; upgrade with [mcp] allow_upgrade = true).",
            "Register it with an MCP client as the command `waiaas mcp`. Closing stdin ends it."
        })
final class McpCommand implements Callable<Integer> {
    @ParentCommand
    WaiaasCommand root;

    @Override
    public Integer call() {
        // The raw process streams: stdout carries nothing but the protocol.
        root.inPorts().mcpServer().serve(System.in, System.out);
        return 0;
    }
}
