package io.waiaas.application.port.out;

import io.waiaas.domain.HealthSnapshot;
import java.time.Duration;
import java.util.Optional;

/** Ask a running daemon over loopback HTTP how it is. */
public interface DaemonClient {

    /** Return the daemon's health from {@code 127.0.0.1:port}, or empty if nothing answers within {@code timeout}. */
    Optional<HealthSnapshot> health(int port, Duration timeout);

    /**
     * Tell whether the daemon on {@code 127.0.0.1:port} reports itself ready (its database migrated and
     * compatible); false while it migrates, when it refuses the schema, or when nothing answers within
     * {@code timeout}.
     */
    boolean ready(int port, Duration timeout);
}
