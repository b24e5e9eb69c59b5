package io.waiaas.application.port.in;

import io.waiaas.application.HealthSnapshot;

/** Report the daemon's health, for {@code GET /health} and the readiness probe. */
public interface ReportHealth {

    /** Return the current health snapshot; reads no database row. */
    HealthSnapshot health();

    /** Tell whether the daemon is ready to serve (its database is migrated and compatible). */
    boolean ready();
}
