package io.waiaas.adapters.mcp;

import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.DescribeRelease;
import io.waiaas.application.port.in.ManageBackups;
import io.waiaas.application.port.in.PerformUpgrade;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Give the MCP tools the in-ports they drive, each made anew by the tool call that needs it (so a call opens the
 * database only when it reads it, and a failure to open it is that call's tool error).
 *
 * @param checkForUpdates {@code check_for_update}
 * @param performUpgrade {@code plan_upgrade} (step 1 only, which changes nothing)
 * @param manageBackups {@code list_backups}
 * @param controlDaemon {@code get_status}
 * @param describeRelease what {@code check_for_update} and {@code plan_upgrade} say an update brings
 */
public record McpPorts(
        Supplier<CheckForUpdates> checkForUpdates,
        Supplier<PerformUpgrade> performUpgrade,
        Supplier<ManageBackups> manageBackups,
        Supplier<ControlDaemon> controlDaemon,
        Supplier<DescribeRelease> describeRelease) {
    public McpPorts {
        Objects.requireNonNull(checkForUpdates, "checkForUpdates");
        Objects.requireNonNull(performUpgrade, "performUpgrade");
        Objects.requireNonNull(manageBackups, "manageBackups");
        Objects.requireNonNull(controlDaemon, "controlDaemon");
        Objects.requireNonNull(describeRelease, "describeRelease");
    }
}
