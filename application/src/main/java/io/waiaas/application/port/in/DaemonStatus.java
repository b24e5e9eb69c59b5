package io.waiaas.application.port.in;

import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.HealthSnapshot;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Describe whether a daemon runs for the data dir, as {@code waiaas status} shows it. */
public sealed interface DaemonStatus {

    /** No daemon holds the data dir. */
    record Stopped() implements DaemonStatus {}

    /** A daemon process holds the data dir but is not ready yet: no {@code /health} answer, or still migrating. */
    record Starting(long pid, int port) implements DaemonStatus {}

    /**
     * A daemon answers {@code /health} and reports ready; {@code lastCheckFailure} says why its latest release is
     * unknown, when its last version check failed; {@code registryWarnings} what its last check found wrong with the
     * registry's metadata (TRST-01..TRST-04), one line each.
     */
    record Running(
            long pid,
            int port,
            HealthSnapshot health,
            Optional<CheckFailure> lastCheckFailure,
            List<String> registryWarnings)
            implements DaemonStatus {
        public Running {
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(lastCheckFailure, "lastCheckFailure");
            registryWarnings = List.copyOf(registryWarnings);
        }

        /** A running daemon whose registry's metadata is not in question. */
        public Running(long pid, int port, HealthSnapshot health, Optional<CheckFailure> lastCheckFailure) {
            this(pid, port, health, lastCheckFailure, List.of());
        }

        /** A running daemon whose version check is not in question. */
        public Running(long pid, int port, HealthSnapshot health) {
            this(pid, port, health, Optional.empty());
        }
    }
}
