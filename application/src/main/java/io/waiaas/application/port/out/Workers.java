package io.waiaas.application.port.out;

import java.time.Duration;

/** Run periodic work in the background while the daemon runs (VCHK-04). */
public interface Workers extends AutoCloseable {

    /**
     * Run {@code work} every {@code interval}, first right away when {@code runImmediately}; a tick that comes
     * while the previous run is still going is skipped, and a failing run never affects the next one or another
     * worker.
     *
     * @param name a short name for logs
     */
    void schedule(String name, Duration interval, boolean runImmediately, Runnable work);

    /** Stop every worker, waiting a bounded time for runs in flight; idempotent. */
    @Override
    void close();
}
