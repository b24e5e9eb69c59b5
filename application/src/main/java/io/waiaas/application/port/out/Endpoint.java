package io.waiaas.application.port.out;

import io.waiaas.domain.HealthSnapshot;

/** Open the daemon's HTTP endpoint, which serves what the daemon reports of itself. */
public interface Endpoint {

    /** Start listening as {@code settings} say, serving {@code health}; fail if the address is taken. */
    Listening open(DaemonSettings settings, Served health);

    /** What the endpoint serves: the daemon's health and readiness, for {@code GET /health} and the probes. */
    interface Served {
        /** Return the current health snapshot; reads no database row (HLTH-B2). */
        HealthSnapshot health();

        /** Tell whether the daemon is ready to serve (its database is migrated and compatible). */
        boolean ready();
    }

    /** An open endpoint; closing it stops serving. */
    interface Listening extends AutoCloseable {
        /** Return the bound port (the actual one when 0 was asked for). */
        int port();

        @Override
        void close();
    }
}
