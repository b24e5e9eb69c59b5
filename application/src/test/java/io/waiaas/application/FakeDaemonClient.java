package io.waiaas.application;

import io.waiaas.application.port.out.DaemonClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Answer as a daemon would: health once it listens, readiness after {@code readyAfter} asks. */
final class FakeDaemonClient implements DaemonClient {
    volatile Optional<HealthSnapshot> health = Optional.empty();
    volatile int readyAfter;
    final AtomicInteger readyAsks = new AtomicInteger();

    @Override
    public Optional<HealthSnapshot> health(int port, Duration timeout) {
        return health;
    }

    @Override
    public boolean ready(int port, Duration timeout) {
        return health.isPresent() && readyAsks.incrementAndGet() > readyAfter;
    }
}
