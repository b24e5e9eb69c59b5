package io.waiaas.application.port.in;

import io.waiaas.domain.HealthSnapshot;
import java.util.Objects;

/** Describe whether a daemon runs for the data dir, as {@code waiaas status} shows it. */
public sealed interface DaemonStatus {

    /** No daemon holds the data dir. */
    record Stopped() implements DaemonStatus {}

    /** A daemon process holds the data dir but is not ready yet: no {@code /health} answer, or still migrating. */
    record Starting(long pid, int port) implements DaemonStatus {}

    /** A daemon answers {@code /health} and reports ready. */
    record Running(long pid, int port, HealthSnapshot health) implements DaemonStatus {
        public Running {
            Objects.requireNonNull(health, "health");
        }
    }
}
