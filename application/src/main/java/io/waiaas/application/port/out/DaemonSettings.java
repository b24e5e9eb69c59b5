package io.waiaas.application.port.out;

import java.time.Duration;
import java.util.Objects;

/**
 * Hold the daemon's listening address and stop deadline, as configured under {@code [daemon]}.
 *
 * @param hostname the address to listen on: {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the TCP port, 0 for any free port (tests)
 * @param shutdownTimeout how long a graceful stop may take before it is forced
 */
public record DaemonSettings(String hostname, int port, Duration shutdownTimeout) {

    public DaemonSettings {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Tell whether the daemon listens on every interface, which lifts the loopback Host guard. */
    public boolean listensOnAllInterfaces() {
        return "0.0.0.0".equals(hostname);
    }
}
