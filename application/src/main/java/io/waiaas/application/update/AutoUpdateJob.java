package io.waiaas.application.update;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.daemon.BackgroundJob;
import io.waiaas.application.daemon.KnownRelease;
import io.waiaas.application.port.out.AuditEvent;
import io.waiaas.application.port.out.AuditLog;
import io.waiaas.application.port.out.OperatorLog;
import io.waiaas.application.port.out.UpgradeHistory;
import io.waiaas.application.port.out.UpgradeStarter;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.AutoUpdatePolicy;
import io.waiaas.domain.MaintenanceWindow;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Apply an available update by itself inside a maintenance window (unattended updates, OPS-01): every minute, and
 * whenever the version check learns of a different release, the daemon asks {@link AutoUpdatePolicy} and, when it
 * says so, starts the same supervised {@code waiaas upgrade} an
 * operator would run, as a process of its own. What it decided is logged when it changes; an upgrade it starts is
 * recorded in the audit log, and its outcome in the upgrade history like every other upgrade's.
 */
public final class AutoUpdateJob implements BackgroundJob {
    /** The audit event of an upgrade started by the daemon itself. */
    public static final String AUTO_UPGRADE = "AUTO_UPGRADE";

    /** How often the daemon looks; a window is open for minutes at least. */
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Settings settings;
    private final Version installed;
    private final KnownRelease known;
    private final UpgradeHistory history;
    private final UpgradeStarter starter;
    private final AuditLog audit;
    private final OperatorLog log;
    private final InstantSource clock;
    private Optional<LocalDateTime> lastAttempt = Optional.empty();
    private String lastSaid = "";

    /**
     * The {@code [update] auto_apply} and {@code [update] window} settings, and where the daemon runs.
     *
     * @param mode which updates the daemon applies by itself
     * @param windows when, in local time
     * @param zone the local time zone
     * @param inContainer whether waiaas runs in a container image
     */
    public record Settings(AutoApply mode, List<MaintenanceWindow> windows, ZoneId zone, boolean inContainer) {
        public Settings {
            Objects.requireNonNull(mode, "mode");
            windows = List.copyOf(windows);
            Objects.requireNonNull(zone, "zone");
        }
    }

    public AutoUpdateJob(
            Settings settings,
            Version installed,
            KnownRelease known,
            UpgradeHistory history,
            UpgradeStarter starter,
            AuditLog audit,
            OperatorLog log,
            InstantSource clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.installed = Objects.requireNonNull(installed, "installed");
        this.known = Objects.requireNonNull(known, "known");
        this.history = Objects.requireNonNull(history, "history");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "auto-update";
    }

    @Override
    public Duration interval() {
        return INTERVAL;
    }

    /**
     * Decide again as soon as the version check learns of a different release, not a minute later: a daemon that
     * starts inside its window with a release just published applies it at once.
     */
    @Override
    public void prepare() {
        known.onChange(() -> {
            try {
                run();
            } catch (RuntimeException e) { // the check that learnt of the release must not fail with it
                log.warn("unattended update: the decision failed: " + e);
            }
        });
    }

    @Override
    public synchronized void run() {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), settings.zone());
        AutoUpdatePolicy.Decision decision;
        try {
            decision = AutoUpdatePolicy.decide(
                    settings.mode(),
                    settings.windows(),
                    now,
                    installed,
                    known.latest(),
                    history.all(),
                    lastAttempt,
                    settings.inContainer());
        } catch (ApplicationException e) {
            say("unattended update: cannot read the upgrade history: " + e.getMessage());
            return;
        }
        switch (decision) {
            case AutoUpdatePolicy.Hold hold -> say("unattended update: " + hold.message());
            case AutoUpdatePolicy.Apply apply -> start(apply);
        }
    }

    private void start(AutoUpdatePolicy.Apply apply) {
        lastAttempt = Optional.of(apply.opened()); // one attempt per occurrence, whatever happens next
        String what = installed + " -> " + apply.target();
        try {
            audit.record(new AuditEvent(clock.instant(), AUTO_UPGRADE, what + " (window " + apply.window() + ")"));
            starter.start(apply.target());
            lastSaid = "";
            log.info("unattended update: upgrading " + installed + " \u2192 " + apply.target() + " in the window "
                    + apply.window() + "; the upgrade runs as its own process and restarts this daemon");
        } catch (ApplicationException e) {
            log.warn("unattended update: could not start the upgrade to " + apply.target() + ": " + e.getMessage()
                    + "; the next window tries again");
        }
    }

    /** Log {@code message} once, not again each minute while it stays the same. */
    private void say(String message) {
        if (!message.equals(lastSaid)) {
            lastSaid = message;
            log.info(message);
        }
    }
}
