package io.waiaas.application.upgrade;

import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.RecoverBeforeStart;
import io.waiaas.application.port.in.StartClearance;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.Pause;
import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decide what {@code waiaas start} does after an interrupted upgrade (UPGR-B5): recover first, then go on, stop on a
 * failed recovery, report the daemon the interrupted upgrade had started (waited for, not raced), or name the
 * version that is current when the recovery switched away from the build asked to run in the foreground.
 *
 * <p>Without a journal it asks nothing else and builds nothing: most starts have no upgrade to recover.
 */
public final class StartRecovery implements RecoverBeforeStart {
    private static final Duration PROBE = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Version build;
    private final int port;
    private final UpgradeJournal journal;
    private final Supplier<PerformUpgrade> upgrades;
    private final DaemonControl daemon;
    private final DaemonClient health;
    private final InstantSource clock;
    private final Pause pause;
    private final Duration readyTimeout;

    /**
     * Create the decision for the running {@code build}, whose daemon answers on {@code port}.
     *
     * @param upgrades builds the upgrade service, only when the journal shows something to recover
     * @param readyTimeout how long a daemon found running after the recovery may take to report itself ready
     */
    public StartRecovery(
            Version build,
            int port,
            UpgradeJournal journal,
            Supplier<PerformUpgrade> upgrades,
            DaemonControl daemon,
            DaemonClient health,
            InstantSource clock,
            Pause pause,
            Duration readyTimeout) {
        this.build = Objects.requireNonNull(build, "build");
        this.port = port;
        this.journal = Objects.requireNonNull(journal, "journal");
        this.upgrades = Objects.requireNonNull(upgrades, "upgrades");
        this.daemon = Objects.requireNonNull(daemon, "daemon");
        this.health = Objects.requireNonNull(health, "health");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
    }

    @Override
    public StartClearance beforeStart(boolean detached, UpgradeListener listener) {
        if (journal.read().isEmpty()) {
            return new StartClearance.Go();
        }
        Optional<UpgradeOutcome> recovered = upgrades.get().recover(false, listener);
        if (recovered.isEmpty()) {
            return new StartClearance.Go();
        }
        if (recovered.get() instanceof UpgradeOutcome.RollbackFailed failed) {
            return new StartClearance.RecoveryFailed(failed);
        }
        Optional<DaemonStatus.Running> serving = serving();
        if (serving.isPresent()) {
            return new StartClearance.AlreadyServing(serving.get());
        }
        Optional<Version> current = leftCurrent(recovered.get());
        if (!detached && current.filter(v -> !v.equals(build)).isPresent()) {
            return new StartClearance.OtherVersionCurrent(current.get(), build);
        }
        return new StartClearance.Go();
    }

    /**
     * Return the daemon that holds the data dir once it reports ready (the one the interrupted upgrade started may
     * still be coming up), or empty when none holds it, or it does not become ready in time.
     */
    private Optional<DaemonStatus.Running> serving() {
        Instant deadline = clock.instant().plus(readyTimeout);
        while (true) {
            Optional<Long> pid = daemon.runningPid();
            if (pid.isEmpty()) {
                return Optional.empty();
            }
            Optional<HealthSnapshot> answer = health.health(port, PROBE).filter(h -> health.ready(port, PROBE));
            if (answer.isPresent()) {
                return Optional.of(new DaemonStatus.Running(pid.get(), port, answer.get()));
            }
            if (!clock.instant().isBefore(deadline)) {
                return Optional.empty();
            }
            pause.pause(POLL);
        }
    }

    private static Optional<Version> leftCurrent(UpgradeOutcome outcome) {
        return switch (outcome) {
            case UpgradeOutcome.RolledBack o -> Optional.of(o.restored());
            case UpgradeOutcome.Upgraded o -> Optional.of(o.to());
            case UpgradeOutcome.Reverted o -> Optional.of(o.to());
            default -> Optional.empty();
        };
    }
}
