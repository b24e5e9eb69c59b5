package io.waiaas.application.testkit;

import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.domain.HealthSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answer with the health a test gives for a port, and nothing for any other port; the verified fake of
 * {@link DaemonClient}; thread-safe. It never waits: a silent daemon is given up at once.
 */
public final class FakeDaemonClient implements DaemonClient {
    private final Map<Integer, Optional<HealthSnapshot>> ports = new ConcurrentHashMap<>();
    private final List<Ask> asked = new CopyOnWriteArrayList<>();
    private final Map<Integer, Boolean> notReady = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> readyAfter = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> readyAsks = new ConcurrentHashMap<>();

    /** Record one question: which port was asked, with which timeout. */
    public record Ask(int port, Duration timeout) {}

    /** Let a daemon answer {@code snapshot} on {@code port}, until {@link #stopServing}. */
    public void serve(int port, HealthSnapshot snapshot) {
        ports.put(port, Optional.of(Objects.requireNonNull(snapshot, "snapshot")));
    }

    /** Let something that is not a daemon (garbage, or silence) occupy {@code port}. */
    public void occupyWithSomethingElse(int port) {
        ports.put(port, Optional.empty());
    }

    /** Let nothing listen on {@code port} any more. */
    public void stopServing(int port) {
        ports.remove(port);
    }

    /** Let the daemon on {@code port} answer health but report itself not ready (its schema gate still runs). */
    public void notReady(int port) {
        notReady.put(port, true);
    }

    /**
     * Let the daemon on {@code port} report itself ready only from the question after the first {@code asks}
     * readiness questions on (its schema gate takes a while).
     */
    public void readyAfter(int port, int asks) {
        readyAfter.put(port, asks);
    }

    /** Return how many times readiness was asked of {@code port}. */
    public int readyAsks(int port) {
        return readyAsks.getOrDefault(port, 0);
    }

    /** Return every question asked, oldest first. */
    public List<Ask> asked() {
        return List.copyOf(asked);
    }

    @Override
    public Optional<HealthSnapshot> health(int port, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        asked.add(new Ask(port, timeout));
        return ports.getOrDefault(port, Optional.empty());
    }

    @Override
    public boolean ready(int port, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        asked.add(new Ask(port, timeout));
        int asks = readyAsks.merge(port, 1, Integer::sum);
        return ports.getOrDefault(port, Optional.empty()).isPresent()
                && !notReady.containsKey(port)
                && asks > readyAfter.getOrDefault(port, 0);
    }
}
