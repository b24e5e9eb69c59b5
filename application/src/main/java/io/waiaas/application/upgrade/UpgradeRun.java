package io.waiaas.application.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.Reason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Carry out one upgrade from step 2 to step 7 (UPGR-02): {@link StopTheDaemon}, {@link PreUpgradeBackup},
 * {@link InstallRelease}, {@link MigrateDatabase}, {@link VerifyAndSwitch}, {@link RestartDaemon}. Each step is
 * written to the journal before it acts (UPGR-B5); a failure from the first record on puts the old version back with
 * its data and its daemon (UPGR-B3): exit 3, or 4 with the manual steps.
 */
final class UpgradeRun {
    private final UpgradePorts ports;
    private final UpgradeSettings settings;
    private final DaemonSupervisor daemons;
    private final Restoration restoration;
    private final UpgradeListener listener;
    private final PackageRelease release;

    private JournalEntry entry;
    private Optional<InstalledVersion> installed = Optional.empty();

    UpgradeRun(
            UpgradePorts ports,
            UpgradeSettings settings,
            DaemonSupervisor daemons,
            Restoration restoration,
            UpgradeListener listener,
            PackageRelease release) {
        this.ports = ports;
        this.settings = settings;
        this.daemons = daemons;
        this.restoration = restoration;
        this.listener = listener;
        this.release = release;
    }

    /** Thrown by a step that failed; the run rolls back. */
    private static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient UpgradeStep step;
        private final transient Reason reason;

        StepFailed(UpgradeStep step, Reason reason, RuntimeException cause) {
            super(cause);
            this.step = step;
            this.reason = reason;
        }
    }

    /** The journal could not be written: the upgrade must not go on. */
    private static final class JournalFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JournalFailed(RuntimeException cause) {
            super(Messages.of(cause), cause);
        }
    }

    /**
     * Upgrade {@code from} to the release, starting the daemon again afterwards when it ran and {@code restart} (no
     * {@code --no-start}).
     *
     * @return {@link UpgradeOutcome.Upgraded}, {@link UpgradeOutcome.RolledBack}, {@link UpgradeOutcome.RollbackFailed},
     *     or {@link UpgradeOutcome.Refused} when the journal could not even begin (nothing changed)
     */
    UpgradeOutcome run(Version from, boolean restart) {
        // Before anything stops: an automatic rollback or a later --rollback must bring `from` back without the
        // network (npm's global install keeps only the version it holds).
        Optional<String> noWayBack = ports.installer().holdForRestore(from);
        if (noWayBack.isPresent()) {
            return new UpgradeOutcome.Refused(
                    Reason.NO_WAY_BACK,
                    "cannot keep a way back to " + from + ": " + noWayBack.get() + "; nothing was changed");
        }
        entry = JournalEntry.upgrade(from, release.version(), daemons.running());
        Optional<UpgradeOutcome.Refused> unwritable = JournalStart.begin(ports.journal(), entry);
        if (unwritable.isPresent()) {
            return unwritable.get();
        }
        List<RunStep> steps = List.of(
                new StopTheDaemon(),
                new PreUpgradeBackup(),
                new InstallRelease(),
                new MigrateDatabase(),
                new VerifyAndSwitch(),
                new RestartDaemon(restart));
        try {
            steps.forEach(this::carryOut);
        } catch (StepFailed failure) {
            return rollBack(failure);
        }
        finish();
        return new UpgradeOutcome.Upgraded(
                entry.from(), entry.to(), entry.backup().orElseThrow());
    }

    /** Run {@code step}, journaled before and after; any failure becomes {@link StepFailed}. */
    private void carryOut(RunStep step) {
        Instant t0 = ports.clock().instant();
        String result;
        try {
            record(entry.at(step.step(), JournalEntry.Phase.STARTED));
            listener.stepStarted(step.step(), step.describe(this));
            result = step.perform(this);
            record(entry.at(step.step(), JournalEntry.Phase.DONE));
        } catch (JournalFailed e) {
            throw new StepFailed(step.step(), Reason.JOURNAL_FAILED, e);
        } catch (RuntimeException e) {
            throw new StepFailed(step.step(), Reason.failedAt(step.step()), e);
        }
        listener.stepFinished(step.step(), Duration.between(t0, ports.clock().instant()), result);
    }

    // ----------------------------------------------------------------------------- what the steps see of the run

    JournalEntry entry() {
        return entry;
    }

    PackageRelease release() {
        return release;
    }

    UpgradePorts ports() {
        return ports;
    }

    UpgradeSettings settings() {
        return settings;
    }

    DaemonSupervisor daemons() {
        return daemons;
    }

    UpgradeListener listener() {
        return listener;
    }

    /** Record {@code next} in the journal, durably, and make it the run's entry; fail the step when it cannot. */
    void record(JournalEntry next) {
        try {
            ports.journal().record(next);
        } catch (RuntimeException e) {
            throw new JournalFailed(e);
        }
        entry = next;
    }

    void installed(InstalledVersion version) {
        installed = Optional.of(version);
    }

    /** Return the version being installed, as installed (in this run, or by an earlier one). */
    InstalledVersion newVersion() {
        return installed
                .or(() -> ports.installer().installed().stream()
                        .filter(v -> v.version().equals(entry.to()))
                        .findFirst())
                .orElseThrow(() -> ApplicationException.failed(entry.to() + " is not installed"));
    }

    // ----------------------------------------------------------------------------- the end

    private UpgradeOutcome rollBack(StepFailed failure) {
        String cause = Messages.of(failure.getCause());
        listener.note("step " + failure.step.number() + " (" + failure.step.label() + ") failed: " + cause
                + "; rolling back to " + entry.from());
        Restoration.Target target = new Restoration.Target(
                        entry.from(),
                        entry.to(),
                        entry.codeMayHaveChanged(),
                        entry.dataMayHaveChanged() ? entry.backup() : Optional.empty(),
                        entry.daemon(),
                        entry.daemonWasRunning())
                .migratingDownTo(keepingWrites());
        try {
            if (failure.step == UpgradeStep.STOP) {
                restoration.keepServing(target); // a daemon that would not stop still serves: only it is seen to
            } else {
                restoration.putBack(target);
            }
            return new UpgradeOutcome.RolledBack(failure.step, failure.reason, cause, entry.from());
        } catch (Restoration.Failed e) {
            return new UpgradeOutcome.RollbackFailed(
                    failure.step, failure.reason, cause, e.getMessage(), e.manualSteps());
        }
    }

    /**
     * Once the new version has been switched to, its daemon may have served and written: go back by migrating the
     * data down to the backup's schema, keeping those writes, when its migrations allow (UPGR-B9); before the switch
     * nothing but the migration wrote, and the backup is restored.
     */
    private Optional<SchemaVersion> keepingWrites() {
        if (!entry.switched() || !entry.dataMayHaveChanged()) {
            return Optional.empty();
        }
        Optional<BackupManifest> backup;
        try {
            backup = entry.backup().flatMap(id -> ports.backups().find(id));
        } catch (RuntimeException e) {
            listener.note("cannot read the backup (" + Messages.of(e) + "); restoring it");
            return Optional.empty();
        }
        return backup.flatMap(restoration::wayDown);
    }

    private void finish() {
        try {
            ports.journal().clear();
        } catch (RuntimeException e) {
            // The upgrade is complete; the journal says it switched, so the next command only finishes it again.
            listener.note("could not remove the upgrade journal (" + Messages.of(e) + "); the next command"
                    + " finishes the upgrade again, which changes nothing");
        }
        try {
            ports.installer().prune(2);
        } catch (RuntimeException e) {
            listener.note("could not remove old versions: " + Messages.of(e));
        }
    }
}
