package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DaemonClient} must show: it reads a daemon's health, and anything else on the port
 * (nothing, garbage, silence) is "no daemon", within a bound of the timeout and without an exception.
 *
 * <p>The health travels with {@code uptime} and {@code timestamp} in whole seconds, so the snapshots here use
 * whole seconds.
 */
public interface DaemonClientContract {

    /** The timeout the contract asks with. */
    Duration TIMEOUT = Duration.ofSeconds(1);

    /** The bound a silent daemon must be given up within: a generous multiple of the timeout, not a speed target. */
    Duration BOUND = TIMEOUT.multipliedBy(5);

    /** Create a client. */
    DaemonClient newClient();

    /** Let a daemon answer {@code GET /health} with {@code snapshot} on a loopback port; return the port. */
    int serving(HealthSnapshot snapshot);

    /** Return a loopback port where nothing listens. */
    int nothingListening();

    /** Return a loopback port where something answers that is not a daemon's health. */
    int answeringGarbage();

    /** Return a loopback port that accepts connections and never answers. */
    int acceptingButSilent();

    /** Return the snapshot of a daemon that runs 1.9.0, knows 1.10.0 and has been up for an hour. */
    static HealthSnapshot aSnapshot() {
        return new HealthSnapshot(
                Version.parse("1.9.0"),
                Optional.of(Version.parse("1.10.0")),
                SchemaVersion.of(2),
                Duration.ofHours(1),
                Instant.parse("2026-11-26T06:00:00Z"));
    }

    @Test
    default void readsTheHealthADaemonServes() {
        HealthSnapshot snapshot = aSnapshot();
        int port = serving(snapshot);
        assertEquals(Optional.of(snapshot), newClient().health(port, TIMEOUT));
    }

    @Test
    default void readsTheHealthOfADaemonThatKnowsNoReleaseYet() {
        HealthSnapshot snapshot = new HealthSnapshot(
                Version.parse("2.0.0-rc.1"),
                Optional.empty(),
                SchemaVersion.of(1),
                Duration.ZERO,
                Instant.parse("2026-11-26T06:00:01Z"));
        int port = serving(snapshot);
        assertEquals(Optional.of(snapshot), newClient().health(port, TIMEOUT));
    }

    @Test
    default void readsTheDaemonOnTheRightPort() {
        HealthSnapshot first = aSnapshot();
        HealthSnapshot second = new HealthSnapshot(
                Version.parse("1.10.0"),
                Optional.empty(),
                SchemaVersion.of(3),
                Duration.ofSeconds(5),
                Instant.parse("2026-11-27T06:00:00Z"));
        int firstPort = serving(first);
        int secondPort = serving(second);
        DaemonClient client = newClient();
        assertEquals(Optional.of(second), client.health(secondPort, TIMEOUT));
        assertEquals(Optional.of(first), client.health(firstPort, TIMEOUT));
        assertEquals(Optional.of(second), client.health(secondPort, TIMEOUT));
    }

    @Test
    default void aDaemonServingItsHealthIsReady() {
        assertEquals(true, newClient().ready(serving(aSnapshot()), TIMEOUT));
    }

    @Test
    default void nothingListeningIsNotReady() {
        assertEquals(false, newClient().ready(nothingListening(), TIMEOUT));
    }

    @Test
    default void findsNoDaemonWhereNothingListens() {
        assertEquals(Optional.empty(), newClient().health(nothingListening(), TIMEOUT));
    }

    @Test
    default void findsNoDaemonWhereSomethingElseAnswers() {
        assertEquals(Optional.empty(), newClient().health(answeringGarbage(), TIMEOUT));
    }

    @Test
    default void givesUpOnASilentDaemonWithinABoundOfTheTimeout() {
        DaemonClient client = newClient();
        int port = acceptingButSilent();
        client.health(nothingListening(), TIMEOUT); // the first call may pay for setting the client up
        long start = System.nanoTime();
        Optional<HealthSnapshot> health = client.health(port, TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Optional.empty(), health);
        assertTrue(
                took.compareTo(BOUND) < 0,
                "took " + took.toMillis() + " ms with a timeout of " + TIMEOUT.toMillis() + " ms");
    }

    @Test
    default void stillReadsADaemonAfterFindingNone() {
        DaemonClient client = newClient();
        HealthSnapshot snapshot = aSnapshot();
        int port = serving(snapshot);
        assertEquals(Optional.empty(), client.health(nothingListening(), TIMEOUT));
        assertEquals(Optional.empty(), client.health(answeringGarbage(), TIMEOUT));
        assertEquals(Optional.of(snapshot), client.health(port, TIMEOUT));
    }
}
