package io.waiaas.adapters.mcp;

import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * Configure the MCP server.
 *
 * @param version this build's version, the server's {@code serverInfo.version}
 * @param daemonPort the daemon's port ({@code [daemon] port}), read when {@code get_health} is called
 * @param upgradeCommand how to run {@code waiaas upgrade} of the installed launcher in a child process, with the
 *     global options this server got ({@code [launcher, --data-dir, DIR]}); empty when {@code [mcp] allow_upgrade}
 *     is false, and then the {@code upgrade} tool does not exist
 */
public record McpSettings(String version, IntSupplier daemonPort, List<String> upgradeCommand) {
    public McpSettings {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(daemonPort, "daemonPort");
        upgradeCommand = List.copyOf(upgradeCommand);
    }

    /** Tell whether the {@code upgrade} tool exists ({@code [mcp] allow_upgrade = true}). */
    public boolean allowUpgrade() {
        return !upgradeCommand.isEmpty();
    }
}
