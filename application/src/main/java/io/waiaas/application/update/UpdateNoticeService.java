package io.waiaas.application.update;

import io.waiaas.application.port.in.NotifyUpdates;
import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.NoticeMarker;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.UpdateNoticePolicy;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Find out whether a newer release is known — from the daemon's stored check, else from the running daemon's
 * {@code /health} — and whether its notice is due.
 */
public final class UpdateNoticeService implements NotifyUpdates {
    private final Version current;
    private final int daemonPort;
    private final Duration daemonTimeout;
    private final DaemonControl processes;
    private final DaemonClient daemon;
    private final StoredRelease stored;
    private final NoticeMarker marker;
    private final InstantSource clock;

    /**
     * Create the service.
     *
     * @param daemonTimeout how long to wait for a daemon that accepts connections but does not answer
     */
    public UpdateNoticeService(
            Version current,
            int daemonPort,
            Duration daemonTimeout,
            DaemonControl processes,
            DaemonClient daemon,
            StoredRelease stored,
            NoticeMarker marker,
            InstantSource clock) {
        this.current = Objects.requireNonNull(current, "current");
        this.daemonPort = daemonPort;
        this.daemonTimeout = Objects.requireNonNull(daemonTimeout, "daemonTimeout");
        this.processes = Objects.requireNonNull(processes, "processes");
        this.daemon = Objects.requireNonNull(daemon, "daemon");
        this.stored = Objects.requireNonNull(stored, "stored");
        this.marker = Objects.requireNonNull(marker, "marker");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Version> dueNotice() {
        try {
            Optional<Version> latest = latestKnown();
            if (latest.isEmpty()) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (!UpdateNoticePolicy.isDue(current, latest.get(), marker.lastShown(), now)) {
                return Optional.empty();
            }
            marker.recordShown(new UpdateNoticePolicy.Shown(latest.get(), now));
            return latest;
        } catch (RuntimeException e) {
            // The notice is a courtesy: whatever goes wrong here must not reach the command.
            return Optional.empty();
        }
    }

    @Override
    public List<String> warnings() {
        try {
            return stored.warnings();
        } catch (RuntimeException e) {
            return List.of(); // a courtesy, like the notice
        }
    }

    @Override
    public Version current() {
        return current;
    }

    private Optional<Version> latestKnown() {
        // The daemon stores every check it makes, so its stored check is read first: a local file read that no hung
        // daemon can hold up. Only when nothing is stored yet is a running daemon asked, briefly.
        Optional<Version> storedLatest = stored.latest();
        if (storedLatest.isPresent() || processes.runningPid().isEmpty()) {
            return storedLatest;
        }
        return daemon.health(daemonPort, daemonTimeout).flatMap(HealthSnapshot::latestVersion);
    }
}
