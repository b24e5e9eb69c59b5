package io.waiaas.application.port.in;

import io.waiaas.application.DaemonStatus;
import io.waiaas.application.StopResult;

/** Control the data dir's daemon from another process: status, background start, stop. */
public interface ControlDaemon {

    /** Report whether the daemon is stopped, starting or running. */
    DaemonStatus status();

    /** Start the daemon in the background and return once {@code /health} answers; refuse if one runs. */
    DaemonStatus.Running startDetached();

    /** Stop the daemon: SIGTERM, wait up to the shutdown timeout, then SIGKILL; clean a stale pid file. */
    StopResult stop();
}
