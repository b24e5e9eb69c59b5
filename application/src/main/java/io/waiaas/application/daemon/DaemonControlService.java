package io.waiaas.application.daemon;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.in.StopResult;
import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.Pause;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.HealthSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Control the data dir's daemon from a CLI process: status, detached start, graceful stop. */
public final class DaemonControlService implements ControlDaemon {
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private final DaemonSettings settings;
    private final DaemonControl control;
    private final DaemonClient client;
    private final InstantSource clock;
    private final Pause pause;
    private final Duration startTimeout;
    private final Duration readyTimeout;
    private final StoredRelease storedRelease;

    /**
     * Create the control of the daemon configured by {@code settings}, whose {@code status} reads why the latest
     * release is unknown from {@code storedRelease}.
     *
     * @param startTimeout how long {@code start -d} waits for the background daemon's first {@code /health} answer
     * @param readyTimeout how long it then waits for readiness, which a backup and migration of a large database
     *     may hold back
     */
    public DaemonControlService(
            DaemonSettings settings,
            DaemonControl control,
            DaemonClient client,
            InstantSource clock,
            Pause pause,
            Duration startTimeout,
            Duration readyTimeout,
            StoredRelease storedRelease) {
        this.storedRelease = Objects.requireNonNull(storedRelease, "storedRelease");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.control = Objects.requireNonNull(control, "control");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
    }

    @Override
    public DaemonStatus status() {
        Optional<Long> pid = control.runningPid();
        if (pid.isEmpty()) {
            return new DaemonStatus.Stopped();
        }
        return client.health(settings.port(), PROBE_TIMEOUT)
                .filter(health -> client.ready(settings.port(), PROBE_TIMEOUT))
                .<DaemonStatus>map(health -> new DaemonStatus.Running(
                        pid.get(),
                        settings.port(),
                        health,
                        // Read only when it explains something: the database is not opened for a known release.
                        health.latestVersion().isEmpty() ? storedRelease.lastFailure() : Optional.empty(),
                        storedRelease.warnings()))
                .orElseGet(() -> new DaemonStatus.Starting(pid.get(), settings.port()));
    }

    @Override
    public DaemonStatus.Running startDetached() {
        control.runningPid().ifPresent(pid -> {
            throw ApplicationException.refused("waiaas is already running (pid " + pid + ")");
        });
        DaemonControl.Spawned spawned = control.spawn();
        Instant deadline = clock.instant().plus(startTimeout);
        boolean answered = false;
        while (true) {
            OptionalInt exit = spawned.exitCode();
            if (exit.isPresent()) {
                String why = spawned.lastLogLine().orElse("exit code " + exit.getAsInt());
                throw new ApplicationException(errorCodeFor(exit.getAsInt()), "the daemon did not start: " + why);
            }
            Optional<HealthSnapshot> health = client.health(settings.port(), PROBE_TIMEOUT);
            if (health.isPresent()
                    && control.runningPid().filter(p -> p == spawned.pid()).isPresent()) {
                if (!answered) {
                    // It answers /health; from now on it may still be backing up and migrating the database.
                    answered = true;
                    deadline = clock.instant().plus(readyTimeout);
                }
                if (client.ready(settings.port(), PROBE_TIMEOUT)) {
                    return new DaemonStatus.Running(spawned.pid(), settings.port(), health.get());
                }
            }
            if (clock.instant().isAfter(deadline)) {
                control.terminate(spawned.pid(), settings.shutdownTimeout());
                throw ApplicationException.failed(
                        answered
                                ? "the daemon answered /health on port " + settings.port() + " but did not become ready"
                                        + " within " + readyTimeout.toSeconds() + " s; see the daemon log"
                                : "the daemon did not answer /health on port " + settings.port() + " within "
                                        + startTimeout.toSeconds() + " s; see the daemon log");
            }
            pause.pause(POLL_INTERVAL);
        }
    }

    @Override
    public StopResult stop() {
        Optional<Long> running = control.runningPid();
        if (running.isEmpty()) {
            return new StopResult.NotRunning(control.removeStalePidFile());
        }
        long pid = running.get();
        if (control.terminate(pid, settings.shutdownTimeout())) {
            control.removeStalePidFile();
            return new StopResult.Stopped(pid);
        }
        if (control.kill(pid, KILL_WAIT)) {
            control.removeStalePidFile();
            return new StopResult.Killed(pid);
        }
        throw ApplicationException.failed("daemon pid " + pid + " did not exit even after SIGKILL");
    }

    private static ErrorCode errorCodeFor(int exitCode) {
        return Arrays.stream(ErrorCode.values())
                .filter(code -> code.exitCode() == exitCode)
                .findFirst()
                .orElse(ErrorCode.FAILED);
    }
}
