package io.waiaas.application.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.RollbackPlan;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.port.out.UpgradeLock;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.Reason;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.UpgradeRecord.Action;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Upgrade an installation, roll it back, and recover an interrupted upgrade (UPGR-02/04/B5): the lock, the container
 * refusal and the walk through required stops; the parts do the rest — {@link Planner} (step 1 with its
 * {@link Preflight} and {@link io.waiaas.application.update.RequiredStops}), {@link UpgradeRun} (steps 2 to 7), {@link Rollback}, {@link Recovery},
 * all putting old states back through one {@link Restoration} and waiting for daemons through one
 * {@link DaemonSupervisor}.
 */
public final class UpgradeService implements PerformUpgrade {
    private final Version build;
    private final UpgradeSettings settings;
    private final UpgradePorts ports;
    private final Planner planner;

    /** Create the service for the running build {@code build}. */
    public UpgradeService(Version build, UpgradeSettings settings, UpgradePorts ports) {
        this.build = Objects.requireNonNull(build, "build");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.planner = new Planner(ports, settings, build);
    }

    @Override
    public UpgradeOutcome plan(UpgradeRequest request, UpgradeListener listener) {
        return locked(listener, "pull the new image instead (waiaas upgrade --check says which)", () -> {
            Optional<UpgradeOutcome> recovered = recovered(true, listener);
            if (recovered
                    .filter(UpgradeOutcome.RollbackFailed.class::isInstance)
                    .isPresent()) {
                return recovered.get(); // the state is not known to be good: nothing more is done on top of it
            }
            return planner.plan(request, listener);
        });
    }

    @Override
    public UpgradeOutcome execute(UpgradeOutcome.Planned plan, UpgradeListener listener) {
        return locked(listener, "pull the new image instead (waiaas upgrade --check says which)", () -> {
            Optional<UpgradeOutcome> recovered = recovered(true, listener);
            if (recovered
                    .filter(UpgradeOutcome.RollbackFailed.class::isInstance)
                    .isPresent()) {
                return recovered.get();
            }
            Version installed = planner.installed();
            if (!installed.equals(plan.from())) {
                return new UpgradeOutcome.Refused(
                        Reason.UPGRADE_RUNNING,
                        "the installed version changed since the plan was made (" + plan.from() + " then, " + installed
                                + " now); nothing was changed; run the upgrade again");
            }
            remember(Optional.of(UpgradeRecord.started(ports.clock().instant(), plan.from(), plan.to())), listener);
            UpgradeOutcome outcome = walk(plan, listener);
            remember(
                    UpgradeRecord.ended(
                            ports.clock().instant(),
                            Action.UPGRADE,
                            Optional.of(plan.from()),
                            Optional.of(plan.to()),
                            outcome),
                    listener);
            return outcome;
        });
    }

    /** Carry out each stop of {@code plan}'s route as one full upgrade; a stop that fails leaves the last good one. */
    private UpgradeOutcome walk(UpgradeOutcome.Planned plan, UpgradeListener listener) {
        Version at = plan.from();
        Optional<BackupId> lastBackup = Optional.empty();
        int count = plan.route().size();
        for (int i = 0; i < count; i++) {
            Version stop = plan.route().get(i);
            String where = "stop " + (i + 1) + " of " + count + " (" + at + " \u2192 " + stop + ")";
            Optional<UpgradeOutcome.Refused> refused = planner.preflight(stop);
            if (refused.isPresent()) {
                return i == 0
                        ? refused.get()
                        : new UpgradeOutcome.RolledBack(
                                UpgradeStep.CHECK,
                                refused.get().reason(),
                                where + " was refused: " + refused.get().message() + "; stopped at " + at,
                                at);
            }
            if (plan.hasStops()) {
                listener.note(where);
            }
            DaemonSupervisor daemons = new DaemonSupervisor(ports, settings);
            UpgradeOutcome outcome = new UpgradeRun(
                            ports,
                            settings,
                            daemons,
                            new Restoration(ports, daemons, listener, settings.stepTimeout()),
                            listener,
                            planner.release(stop))
                    .run(at, plan.restart());
            boolean afterFirstStop = i > 0;
            switch (outcome) {
                case UpgradeOutcome.Upgraded done -> {
                    at = done.to();
                    lastBackup = Optional.of(done.backup());
                }
                case UpgradeOutcome.Refused later
                when afterFirstStop -> {
                    return new UpgradeOutcome.RolledBack(
                            UpgradeStep.CHECK,
                            later.reason(),
                            where + " was refused: " + later.message() + "; stopped at " + at,
                            at);
                }
                case UpgradeOutcome.RolledBack failed
                when plan.hasStops() -> {
                    return new UpgradeOutcome.RolledBack(
                            failed.step(),
                            failed.reason(),
                            where + ": " + failed.cause()
                                    + (i > 0 ? "; stopped at the last good stop " + failed.restored() : ""),
                            failed.restored());
                }
                default -> {
                    return outcome;
                }
            }
        }
        return new UpgradeOutcome.Upgraded(plan.from(), at, lastBackup.orElseThrow());
    }

    @Override
    public UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener) {
        return locked(listener, "run the previous image instead", () -> {
            Optional<UpgradeOutcome> recovered = recovered(true, listener);
            // A failed recovery stops here; so does an interrupted rollback now completed: it was this very request,
            // and going on would restore the same backup a second time.
            if (recovered
                    .filter(o -> o instanceof UpgradeOutcome.RollbackFailed || o instanceof UpgradeOutcome.Reverted)
                    .isPresent()) {
                return recovered.get();
            }
            DaemonSupervisor daemons = new DaemonSupervisor(ports, settings);
            UpgradeOutcome outcome = new Rollback(
                            ports,
                            build,
                            daemons,
                            new Restoration(ports, daemons, listener, settings.stepTimeout()),
                            listener)
                    .rollBack(noStart);
            remember(
                    UpgradeRecord.ended(
                            ports.clock().instant(), Action.ROLLBACK, Optional.empty(), Optional.empty(), outcome),
                    listener);
            return outcome;
        });
    }

    @Override
    public RollbackPlan planRollback(UpgradeListener listener) {
        if (settings.inContainer()) {
            throw ApplicationException.refused("waiaas runs in a container image, whose code is replaced as a whole:"
                    + " run the previous image instead");
        }
        Optional<UpgradeLock.Lease> lease = ports.lock().tryAcquire();
        if (lease.isEmpty()) {
            throw ApplicationException.refused("another upgrade or rollback is running for this data dir");
        }
        try (UpgradeLock.Lease held = lease.get()) {
            if (ports.journal().read().isPresent()) {
                throw ApplicationException.refused("an interrupted upgrade or rollback is to be completed first;"
                        + " run: waiaas upgrade --rollback (or waiaas upgrade), which completes it");
            }
            DaemonSupervisor daemons = new DaemonSupervisor(ports, settings);
            return new Rollback(
                            ports,
                            build,
                            daemons,
                            new Restoration(ports, daemons, listener, settings.stepTimeout()),
                            listener)
                    .plan();
        }
    }

    @Override
    public Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener) {
        if (ports.journal().read().isEmpty()) {
            return Optional.empty();
        }
        Optional<UpgradeLock.Lease> lease = ports.lock().tryAcquire();
        if (lease.isEmpty()) {
            throw ApplicationException.refused("an upgrade is running for this data dir; wait for it to finish");
        }
        try (UpgradeLock.Lease held = lease.get()) {
            return recovered(restartDaemon, listener);
        }
    }

    /** Recover an interrupted upgrade or rollback, if the journal shows one, and remember how that ended. */
    private Optional<UpgradeOutcome> recovered(boolean restartDaemon, UpgradeListener listener) {
        DaemonSupervisor daemons = new DaemonSupervisor(ports, settings);
        Optional<UpgradeOutcome> outcome = new Recovery(
                        ports, daemons, new Restoration(ports, daemons, listener, settings.stepTimeout()), listener)
                .recover(restartDaemon);
        outcome.ifPresent(o -> remember(
                UpgradeRecord.ended(ports.clock().instant(), Action.RECOVERY, Optional.empty(), Optional.empty(), o),
                listener));
        return outcome;
    }

    /**
     * Append {@code entry} to the upgrade history. The history informs metrics, webhooks and unattended updates; it
     * never decides an outcome, so a history that cannot be written is said, not failed on.
     */
    private void remember(Optional<UpgradeRecord> entry, UpgradeListener listener) {
        entry.ifPresent(e -> {
            try {
                ports.history().record(e);
            } catch (ApplicationException failure) {
                listener.note("the upgrade history was not updated: " + failure.getMessage());
            }
        });
    }

    /** Refuse in a container, take the upgrade lock or refuse, and run {@code body} under it. */
    private UpgradeOutcome locked(UpgradeListener listener, String inContainer, Supplier<UpgradeOutcome> body) {
        if (settings.inContainer()) {
            return new UpgradeOutcome.Refused(
                    Reason.IN_CONTAINER,
                    "waiaas runs in a container image, whose code is replaced as a whole: " + inContainer);
        }
        Optional<UpgradeLock.Lease> lease = ports.lock().tryAcquire();
        if (lease.isEmpty()) {
            return new UpgradeOutcome.Refused(
                    Reason.UPGRADE_RUNNING, "another upgrade or rollback is running for this data dir");
        }
        try (UpgradeLock.Lease held = lease.get()) {
            return body.get();
        }
    }
}
