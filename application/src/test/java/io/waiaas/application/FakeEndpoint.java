package io.waiaas.application;

import io.waiaas.application.port.in.ReportHealth;
import io.waiaas.application.port.out.Endpoint;
import java.util.Optional;

/** Pretend to listen: remember what it serves and whether it is open. */
final class FakeEndpoint implements Endpoint {
    volatile Optional<ReportHealth> serving = Optional.empty();
    volatile boolean open;
    volatile RuntimeException failure;

    @Override
    public Listening open(DaemonSettings settings, ReportHealth health) {
        if (failure != null) {
            throw failure;
        }
        serving = Optional.of(health);
        open = true;
        return new Listening() {
            @Override
            public int port() {
                return 3100;
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }
}
