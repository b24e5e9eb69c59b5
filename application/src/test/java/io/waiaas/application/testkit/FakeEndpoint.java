package io.waiaas.application.testkit;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.Endpoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Listen in memory: hand out ports, remember which in-port each serves, and refuse a taken port; the verified fake
 * of {@link Endpoint}; thread-safe.
 */
public final class FakeEndpoint implements Endpoint {
    private static final int FIRST_FREE_PORT = 49152;

    private final Map<Integer, Endpoint.Served> serving = new HashMap<>();
    private final Set<Integer> occupied = new HashSet<>();
    private int nextPort = FIRST_FREE_PORT;
    private int opened;

    @Override
    public synchronized Listening open(DaemonSettings settings, Endpoint.Served health) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(health, "health");
        int port = settings.port() == 0 ? freePort() : settings.port();
        if (serving.containsKey(port) || occupied.contains(port)) {
            throw ApplicationException.failed(
                    "cannot listen on " + settings.hostname() + ":" + port + ": Address already in use");
        }
        serving.put(port, health);
        opened++;
        return new FakeListening(port, health);
    }

    /** Return the in-port served on {@code port}, or empty when nothing of this endpoint listens there. */
    public synchronized Optional<Endpoint.Served> served(int port) {
        return Optional.ofNullable(serving.get(port));
    }

    /** Tell whether anything of this endpoint listens. */
    public synchronized boolean listening() {
        return !serving.isEmpty();
    }

    /** Return how many times an open succeeded. */
    public synchronized int opened() {
        return opened;
    }

    /** Let another program take {@code port}, so opening it fails. */
    public synchronized void occupy(int port) {
        occupied.add(port);
    }

    private int freePort() {
        while (serving.containsKey(nextPort) || occupied.contains(nextPort)) {
            nextPort++;
        }
        return nextPort++;
    }

    private final class FakeListening implements Listening {
        private final int port;
        private final Endpoint.Served health;

        FakeListening(int port, Endpoint.Served health) {
            this.port = port;
            this.health = health;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void close() {
            synchronized (FakeEndpoint.this) {
                serving.remove(port, health);
            }
        }
    }
}
