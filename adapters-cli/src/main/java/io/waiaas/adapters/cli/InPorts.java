package io.waiaas.adapters.cli;

import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.DescribeRelease;
import io.waiaas.application.port.in.DescribeUpdates;
import io.waiaas.application.port.in.Diagnose;
import io.waiaas.application.port.in.InspectSchema;
import io.waiaas.application.port.in.ManageBackups;
import io.waiaas.application.port.in.ManageService;
import io.waiaas.application.port.in.MigrateSchema;
import io.waiaas.application.port.in.NotifyUpdates;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.RecoverBeforeStart;
import io.waiaas.application.port.in.ReportWebhooks;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.application.port.in.WebhookReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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

    /** Return the in-port that tells how updates are applied here and how the last upgrade ended. */
    DescribeUpdates describeUpdates();

    /** Return the in-port that asks the registry for releases ({@code upgrade --check}). */
    CheckForUpdates checkForUpdates();

    /** Return the in-port that tells what an upgrade would bring: release notes, schema change, required stops. */
    DescribeRelease describeRelease();

    /**
     * Return the in-ports of an upgrade to the release package {@code file}, with no registry
     * ({@code upgrade --from}): its sha512 must match {@code integrity}, or {@code allowUnverified} accepts it
     * unverified.
     *
     * @throws io.waiaas.domain.WaiaasException REFUSED when this installation cannot install a package file
     */
    UpgradeFrom upgradeFrom(Path file, Optional<String> integrity, boolean allowUnverified);

    /**
     * The in-ports of an upgrade from a package file.
     *
     * @param upgrade upgrades to the file's release, the only one there is
     * @param describe tells what it brings, from the file's own changelog
     */
    record UpgradeFrom(PerformUpgrade upgrade, DescribeRelease describe) {}

    /** Return the in-port that upgrades, rolls back and recovers an interrupted upgrade. */
    PerformUpgrade performUpgrade();

    /**
     * Return the upgrade of the configured registry; {@code allowDeprecated} ({@code --allow-deprecated}) lets it
     * install a version the registry marks deprecated when {@code --to} names it exactly (TRST-04).
     */
    default PerformUpgrade performUpgrade(boolean allowDeprecated) {
        return performUpgrade();
    }

    /** Return the in-port that puts an interrupted upgrade right before {@code waiaas start}. */
    RecoverBeforeStart recoverBeforeStart();

    /** Return the in-port that takes, lists and restores backups. */
    ManageBackups manageBackups();

    /** Return the in-port that compares the database's schema with this build's. */
    InspectSchema inspectSchema();

    /** Return the in-port that migrates the database offline. */
    MigrateSchema migrateSchema();

    /** Return the in-port that tells whether webhooks are configured and how the last delivery went. */
    default ReportWebhooks reportWebhooks() {
        return WebhookReport::off;
    }

    /** Return the in-port that checks the installation and its data dir ({@code waiaas doctor}). */
    default Diagnose diagnose() {
        throw new UnsupportedOperationException("waiaas doctor is not wired here");
    }

    /** Return the in-port that installs and removes the service unit ({@code waiaas service}). */
    default ManageService manageService() {
        throw new UnsupportedOperationException("waiaas service is not wired here");
    }

    /** Return the daemon's log, to read and follow ({@code waiaas logs}). */
    DaemonLog daemonLog();

    /** Return the MCP server that {@code waiaas mcp} runs on stdin and stdout. */
    StdioServer mcpServer();

    /**
     * When the launcher this process was started through no longer runs the version current for the data dir (an
     * upgrade or a rollback switched the install root away from it, such as the fresh unpack an upgrade adopted), run
     * {@code args} with the install root's launcher instead and return its exit code; empty when this launcher is
     * the current one, or when this process was started by an upgrade or by such a hand-over.
     *
     * @throws io.waiaas.domain.WaiaasException only when the install root's launcher cannot be started: its message
     *     names the command to run
     */
    default OptionalInt handOver(List<String> args) {
        return OptionalInt.empty();
    }

    /**
     * Return the command that runs the current version from now on, when it is not the one the operator ran (the
     * first upgrade of a fresh unpack or a source build adopts it into the install root); empty when it is the
     * same, or inside npm's global install, whose bin link always runs the installed version.
     */
    default Optional<String> commandFromNowOn() {
        return Optional.empty();
    }
}
