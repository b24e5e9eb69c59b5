package io.waiaas.bootstrap;

import java.util.logging.LogManager;

/**
 * The JVM's log manager, but one that keeps its handlers while the JVM shuts down (LOGS-03).
 *
 * <p>The JDK's own manager resets itself in a shutdown hook of its own, which runs at the same time as the daemon's: a
 * line the daemon logs while it stops after SIGTERM (its last, "stopped") could then reach no handler and be lost.
 * This one ignores that reset; every handler writes and flushes each record at once, so nothing waits to be closed.
 * Main names it in {@code java.util.logging.manager} before anything logs; public for the JDK to create it.
 */
public final class DaemonLogManager extends LogManager {

    /** Create the manager; called by {@link LogManager} itself. */
    public DaemonLogManager() {
        super();
    }

    @Override
    public void reset() {
        if (!shuttingDown()) {
            super.reset();
        }
    }

    /** Tell whether the JVM is shutting down: it then refuses new shutdown hooks. */
    static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
