package io.waiaas.application.port.in;

/** Run the daemon in this process. */
public interface RunDaemon {

    /**
     * Take the data dir's lock, open the endpoint (readiness DOWN), bring the database to this build's schema or
     * refuse (closing the endpoint again), and report ready.
     *
     * @return the running daemon; close it to stop gracefully
     */
    Running start();

    /** A daemon running in this process. */
    interface Running extends AutoCloseable {
        /** Return the port the daemon listens on. */
        int port();

        /** Block until the daemon has been closed. */
        void awaitStopped() throws InterruptedException;

        /** Stop serving, finish in-flight work within the shutdown timeout and release the lock; idempotent. */
        @Override
        void close();
    }
}
