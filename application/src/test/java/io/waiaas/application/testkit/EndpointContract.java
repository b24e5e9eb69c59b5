package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Endpoint} must show: it serves the in-port's health on the port it reports, stops when
 * closed, and refuses a taken port with one line.
 *
 * <p>The health travels with {@code uptime} and {@code timestamp} in whole seconds, so the snapshots here use
 * whole seconds.
 */
public interface EndpointContract {

    /** Create an endpoint. */
    Endpoint newEndpoint();

    /** Ask {@code GET /health} on loopback {@code port} as a client would; empty when nothing answers. */
    Optional<HealthSnapshot> askHealth(int port);

    /** Return the endpoints each test opened, for closing after it; keep one list per test instance. */
    List<Endpoint.Listening> opened();

    @AfterEach
    default void closeWhatTheTestOpened() {
        List<Endpoint.Listening> open = new ArrayList<>(opened());
        opened().clear();
        open.forEach(Endpoint.Listening::close);
    }

    private Endpoint.Listening open(Endpoint endpoint, int port, Endpoint.Served health) {
        Endpoint.Listening listening =
                endpoint.open(new DaemonSettings("127.0.0.1", port, Duration.ofSeconds(5)), health);
        opened().add(listening);
        return listening;
    }

    private static HealthSnapshot snapshot(String version, long uptimeSeconds) {
        return new HealthSnapshot(
                Version.parse(version),
                Optional.of(Version.parse("1.10.0")),
                SchemaVersion.of(2),
                Duration.ofSeconds(uptimeSeconds),
                Instant.parse("2026-11-26T06:00:00Z").plusSeconds(uptimeSeconds));
    }

    @Test
    default void listensOnAFreePortWhenAskedForPortZeroAndServesTheInPortsHealth() {
        MutableHealth health = new MutableHealth(snapshot("1.9.0", 42));
        Endpoint.Listening listening = open(newEndpoint(), 0, health);
        assertTrue(listening.port() > 0 && listening.port() <= 65535, "port " + listening.port());
        assertEquals(Optional.of(snapshot("1.9.0", 42)), askHealth(listening.port()));
    }

    @Test
    default void servesTheHealthOfTheMomentOfEachRequest() {
        MutableHealth health = new MutableHealth(snapshot("1.9.0", 1));
        int port = open(newEndpoint(), 0, health).port();
        assertEquals(Optional.of(snapshot("1.9.0", 1)), askHealth(port));
        health.now = snapshot("1.9.0", 61);
        assertEquals(Optional.of(snapshot("1.9.0", 61)), askHealth(port));
    }

    @Test
    default void twoEndpointsOnPortZeroListenOnDifferentPorts() {
        Endpoint endpoint = newEndpoint();
        int first = open(endpoint, 0, new MutableHealth(snapshot("1.9.0", 1))).port();
        int second = open(endpoint, 0, new MutableHealth(snapshot("1.10.0", 2))).port();
        assertNotEquals(first, second);
        assertEquals(Optional.of(snapshot("1.9.0", 1)), askHealth(first));
        assertEquals(Optional.of(snapshot("1.10.0", 2)), askHealth(second));
    }

    @Test
    default void closingStopsServing() {
        Endpoint.Listening listening = open(newEndpoint(), 0, new MutableHealth(snapshot("1.9.0", 1)));
        int port = listening.port();
        listening.close();
        opened().remove(listening);
        assertEquals(Optional.empty(), askHealth(port));
    }

    @Test
    default void aClosedPortCanBeOpenedAgainAtOnce() {
        Endpoint endpoint = newEndpoint();
        Endpoint.Listening first = open(endpoint, 0, new MutableHealth(snapshot("1.9.0", 1)));
        int port = first.port();
        assertEquals(Optional.of(snapshot("1.9.0", 1)), askHealth(port), "served before it closes");
        first.close();
        opened().remove(first);
        Endpoint.Listening again = open(endpoint, port, new MutableHealth(snapshot("1.10.0", 2)));
        assertEquals(port, again.port());
        assertEquals(Optional.of(snapshot("1.10.0", 2)), askHealth(port));
    }

    @Test
    default void aTakenPortFailsWithOneLineAndLeavesTheHolderServing() {
        Endpoint endpoint = newEndpoint();
        int port = open(endpoint, 0, new MutableHealth(snapshot("1.9.0", 1))).port();
        WaiaasException e = assertThrows(
                WaiaasException.class, () -> open(endpoint, port, new MutableHealth(snapshot("1.10.0", 2))));
        assertEquals(ErrorCode.FAILED, e.code());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(port)), "names the port: " + e.getMessage());
        assertEquals(Optional.of(snapshot("1.9.0", 1)), askHealth(port));
    }

    /** A {@link Endpoint.Served} whose snapshot a test changes. */
    final class MutableHealth implements Endpoint.Served {
        volatile HealthSnapshot now;

        MutableHealth(HealthSnapshot now) {
            this.now = now;
        }

        @Override
        public HealthSnapshot health() {
            return now;
        }

        @Override
        public boolean ready() {
            return true;
        }
    }
}
