package io.waiaas.application.port.in;

/** Control the data dir's daemon from another process: status, background start, stop. */
public interface ControlDaemon {

    /** Report whether the daemon is stopped, starting (not ready yet, e.g. migrating) or running. */
    DaemonStatus status();

    /**
     * Start the daemon in the background and return once {@code /health} answers and it reports ready (its
     * database migrated); refuse if one runs, and fail with the daemon's own exit code when it exits first.
     */
    DaemonStatus.Running startDetached();

    /** Stop the daemon: SIGTERM, wait up to the shutdown timeout, then SIGKILL; clean a stale pid file. */
    StopResult stop();
}
