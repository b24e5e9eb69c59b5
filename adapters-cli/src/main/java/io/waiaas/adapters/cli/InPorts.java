package io.waiaas.adapters.cli;

import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.InspectSchema;
import io.waiaas.application.port.in.ManageBackups;
import io.waiaas.application.port.in.MigrateSchema;
import io.waiaas.application.port.in.NotifyUpdates;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.RecoverBeforeStart;
import io.waiaas.application.port.in.RunDaemon;

/**
 * Give the commands the application's in-ports for one invocation.
 *
 * <p>Implementations create each in-port on first use, so a command only pays for what it calls (loading the
 * configuration, opening the database). Failures surface as {@link io.waiaas.domain.WaiaasException}s.
 */
public interface InPorts {

    /** Return the in-port that runs the daemon in this process. */
    RunDaemon runDaemon();

    /** Return the in-port that controls the daemon from outside. */
    ControlDaemon controlDaemon();

    /** Return the in-port that decides whether to show the update notice; it must never throw. */
    NotifyUpdates notifyUpdates();

    /** Return the in-port that asks the registry for releases ({@code upgrade --check}). */
    CheckForUpdates checkForUpdates();

    /** Return the in-port that upgrades, rolls back and recovers an interrupted upgrade. */
    PerformUpgrade performUpgrade();

    /** Return the in-port that puts an interrupted upgrade right before {@code waiaas start}. */
    RecoverBeforeStart recoverBeforeStart();

    /** Return the in-port that takes, lists and restores backups. */
    ManageBackups manageBackups();

    /** Return the in-port that compares the database's schema with this build's. */
    InspectSchema inspectSchema();

    /** Return the in-port that migrates the database offline. */
    MigrateSchema migrateSchema();

    /** Return the MCP server that {@code waiaas mcp} runs on stdin and stdout. */
    StdioServer mcpServer();
}
