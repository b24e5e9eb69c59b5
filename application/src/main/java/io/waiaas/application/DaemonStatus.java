package io.waiaas.application;

import java.util.Objects;

/** Describe whether a daemon runs for the data dir, as {@code waiaas status} shows it. */
public sealed interface DaemonStatus {

    /** No daemon holds the data dir. */
    record Stopped() implements DaemonStatus {}

    /** A daemon process holds the data dir but does not answer {@code /health} yet. */
    record Starting(long pid, int port) implements DaemonStatus {}

    /** A daemon answers {@code /health}. */
    record Running(long pid, int port, HealthSnapshot health) implements DaemonStatus {
        public Running {
            Objects.requireNonNull(health, "health");
        }
    }
}
