package io.waiaas.application.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongConsumer;

/**
 * Stop, start and wait for the data dir's daemon on behalf of an upgrade, a rollback or a recovery: a daemon counts
 * as started only once it answers {@code /health} as the expected version.
 */
final class DaemonSupervisor {
    private static final Duration PROBE = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final UpgradePorts ports;
    private final UpgradeSettings settings;

    DaemonSupervisor(UpgradePorts ports, UpgradeSettings settings) {
        this.ports = ports;
        this.settings = settings;
    }

    /** Tell whether a daemon holds the data dir. */
    boolean running() {
        return ports.daemon().runningPid().isPresent();
    }

    /** Stop the daemon of the data dir, waiting until it has exited; say which one, or that none ran. */
    String stop() {
        Optional<Long> pid = ports.daemon().runningPid();
        if (pid.isEmpty()) {
            return "(it had already stopped)";
        }
        if (!ports.daemon().terminate(pid.get(), STOP_WAIT) && !ports.daemon().kill(pid.get(), KILL_WAIT)) {
            throw ApplicationException.failed("the daemon (pid " + pid.get() + ") did not exit");
        }
        return "(pid " + pid.get() + ")";
    }

    /** Stop {@code spawned}, a daemon an upgrade started, if it still is one, then whichever daemon holds the data dir. */
    void stopAll(Optional<Long> spawned) {
        spawned.flatMap(pid -> ports.daemon().daemon(pid)).ifPresent(this::stop);
        stop();
    }

    /** Stop the daemon {@code spawned}: SIGTERM, then SIGKILL. */
    void stop(DaemonControl.Spawned spawned) {
        if (!ports.daemon().terminate(spawned.pid(), KILL_WAIT)
                && !ports.daemon().kill(spawned.pid(), KILL_WAIT)) {
            throw ApplicationException.failed("the daemon (pid " + spawned.pid() + ") did not exit");
        }
    }

    /**
     * Start the current version's daemon (this very build's when nothing is installed side by side yet) and wait
     * until it answers as {@code expected}.
     */
    void startCurrent(Version expected) {
        Optional<InstalledVersion> current = ports.installer().current();
        DaemonControl.Spawned spawned = current.isPresent()
                ? ports.runner().daemonsOf(current.get()).spawn()
                : ports.daemon().spawn();
        awaitHealthy(spawned, expected);
    }

    /**
     * Start {@code version}'s daemon held back, hand its pid to {@code record} (the journal) before letting it go,
     * and wait until it answers as {@code version}'s. A daemon that {@code record} fails for never starts.
     */
    DaemonControl.Spawned startRecorded(InstalledVersion version, LongConsumer record) {
        DaemonControl.Spawned spawned = ports.runner().daemonsOf(version).spawnHeld();
        try {
            record.accept(spawned.pid());
        } catch (RuntimeException e) {
            stopQuietly(spawned);
            throw e;
        }
        spawned.release();
        awaitHealthy(spawned, version.version());
        return spawned;
    }

    /**
     * Wait for daemon {@code pid}, which an interrupted upgrade had started, to answer as {@code expected}: count it
     * rather than race it. Tell whether it does; one that is gone, or answers otherwise in time, is stopped.
     */
    boolean awaitStarted(long pid, Version expected) {
        Optional<DaemonControl.Spawned> spawned = ports.daemon().daemon(pid);
        if (spawned.isEmpty()) {
            return false;
        }
        try {
            awaitHealthy(spawned.get(), expected);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Wait until a daemon answers {@code /health} as {@code expected}; stop {@code spawned} and fail otherwise. */
    void awaitHealthy(DaemonControl.Spawned spawned, Version expected) {
        Instant deadline = ports.clock().instant().plus(settings.healthTimeout());
        Optional<Version> seen = Optional.empty();
        while (ports.clock().instant().isBefore(deadline)) {
            OptionalInt exit = spawned.exitCode();
            // Exit 5 is "already running": the daemon an interrupted upgrade had started may be coming up. It
            // counts if it answers as the expected version; any other exit is a failure.
            if (exit.isPresent() && exit.getAsInt() != ErrorCode.REFUSED.exitCode()) {
                throw ApplicationException.failed("the daemon " + expected + " exited with code " + exit.getAsInt()
                        + spawned.lastLogLine().map(l -> ": " + l).orElse(""));
            }
            seen = ports.health().health(settings.daemonPort(), PROBE).map(HealthSnapshot::version);
            if (seen.filter(expected::equals).isPresent()) {
                return;
            }
            ports.pause().pause(POLL);
        }
        stopQuietly(spawned);
        throw ApplicationException.failed("the daemon " + expected + " did not report healthy within "
                + settings.healthTimeout().toSeconds() + " s"
                + seen.map(v -> " (it reported " + v + ")").orElse(""));
    }

    private void stopQuietly(DaemonControl.Spawned spawned) {
        try {
            stop(spawned);
        } catch (RuntimeException e) {
            // The failure being reported is the start's; a daemon that will not die is named by the next stop.
        }
    }
}
