package io.waiaas.adapters.http;

import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.sdk.WaiaasClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Ask the local daemon for {@code /health} and for its readiness through the SDK's {@link WaiaasClient}: the CLI
 * reads the daemon with the same client and the same {@link io.waiaas.sdk.HealthResponse} an outside program does.
 */
final class HttpDaemonClient implements DaemonClient {

    @Override
    public Optional<HealthSnapshot> health(int port, Duration timeout) {
        try {
            return Optional.of(HealthWire.toSnapshot(
                    WaiaasClient.create(port, positive(timeout)).health()));
        } catch (RuntimeException e) {
            // Not answering, answering garbage, or something else on the port: all mean "no daemon here".
            return Optional.empty();
        }
    }

    @Override
    public boolean ready(int port, Duration timeout) {
        return WaiaasClient.create(port, positive(timeout)).ready();
    }

    private static Duration positive(Duration timeout) {
        return timeout.toMillis() < 1 ? Duration.ofMillis(1) : timeout;
    }
}
