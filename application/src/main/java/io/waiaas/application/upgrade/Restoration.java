package io.waiaas.application.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Put an installation back to a version it ran before: the one way an automatic rollback, {@code --rollback} and a
 * recovery undo an upgrade (UPGR-B3, UPGR-04, UPGR-B5).
 *
 * <p>In order: stop every daemon, make the old code current, restore the old data, start the old daemon. Code and
 * data never part: when the data cannot be restored, the code goes forward again, so whatever then runs can read the
 * data it finds; and the daemon that served before is started again whenever it can be. A failure is reported with
 * what was reached and the numbered steps that finish the job by hand; the journal stays, so the next command tries
 * again.
 */
final class Restoration {
    private final UpgradePorts ports;
    private final DaemonSupervisor daemons;
    private final UpgradeListener listener;

    Restoration(UpgradePorts ports, DaemonSupervisor daemons, UpgradeListener listener) {
        this.ports = ports;
        this.daemons = daemons;
        this.listener = listener;
    }

    /**
     * What to put back.
     *
     * @param version the version to run again
     * @param replaced the version being left, which names the backup of the data it replaces
     * @param restoreCode whether the code may have changed and must be made {@code version} again
     * @param restoreData the backup holding {@code version}'s data, when its data must come back
     * @param spawned a daemon an upgrade started, to stop first
     * @param startDaemon whether {@code version}'s daemon must run afterwards
     * @param dataIsBack whether the data is {@code version}'s already (an interrupted rollback restored it), so
     *     {@code replaced}'s code must not serve it
     */
    record Target(
            Version version,
            Version replaced,
            boolean restoreCode,
            Optional<BackupId> restoreData,
            Optional<Long> spawned,
            boolean startDaemon,
            boolean dataIsBack) {

        Target(
                Version version,
                Version replaced,
                boolean restoreCode,
                Optional<BackupId> restoreData,
                Optional<Long> spawned,
                boolean startDaemon) {
            this(version, replaced, restoreCode, restoreData, spawned, startDaemon, false);
        }
    }

    /**
     * Thrown when the old state could not be put back: {@link #step} names the part that failed (stop: the daemon,
     * install: the code, migrate: the data, restart: the daemon's start), {@link #manualSteps} finish it by hand.
     */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient UpgradeStep step;
        private final transient List<String> manualSteps;

        Failed(UpgradeStep step, String message, List<String> manualSteps, Throwable cause) {
            super(message, cause);
            this.step = step;
            this.manualSteps = List.copyOf(manualSteps);
        }

        UpgradeStep step() {
            return step;
        }

        List<String> manualSteps() {
            return manualSteps;
        }
    }

    /**
     * Put {@code target} back and clear the journal.
     *
     * @return the pre-rollback backup that keeps the data replaced, when data was restored
     * @throws Failed when a part could not be done
     */
    Optional<BackupManifest> putBack(Target target) {
        return putBack(target, () -> {}, () -> {});
    }

    /**
     * Put {@code target} back as {@link #putBack(Target)} does, running {@code beforeData} and {@code afterData}
     * (the journal's records of a rollback) around the restore of the data.
     */
    Optional<BackupManifest> putBack(Target target, Runnable beforeData, Runnable afterData) {
        try {
            daemons.stopAll(target.spawned());
        } catch (RuntimeException e) {
            throw failed(UpgradeStep.STOP, target, "the daemon could not be stopped: " + Messages.of(e), e);
        }
        if (target.restoreCode()) {
            try {
                ports.installer().restore(target.version());
                Optional<Version> now = ports.installer().current().map(InstalledVersion::version);
                if (now.filter(v -> !v.equals(target.version())).isPresent()) {
                    throw ApplicationException.failed(now.get() + " is still the installed version");
                }
            } catch (RuntimeException e) {
                if (target.dataIsBack()) {
                    // The data is the old version's already: the replaced code must not serve it.
                    listener.note("no daemon was started: the data is " + target.version() + "'s, the code "
                            + target.replaced() + "'s");
                } else {
                    // Code and data are both still the replaced version's: let it serve again.
                    startAnyway(target);
                }
                throw failed(
                        UpgradeStep.INSTALL,
                        target,
                        "could not make " + target.version() + " current again: " + Messages.of(e),
                        e);
            }
        }
        Optional<BackupManifest> kept = Optional.empty();
        if (target.restoreData().isPresent()) {
            try {
                beforeData.run();
                kept = ports.backups().restore(target.restoreData().get(), target.replaced());
                listener.note(
                        "restored the data from backup " + target.restoreData().get());
                afterData.run();
            } catch (RuntimeException e) {
                // The replaced version's data stays: its code must run on it, not the old version's.
                if (target.restoreCode()) {
                    forwardAgain(target);
                }
                startAnyway(target);
                throw failed(
                        UpgradeStep.MIGRATE,
                        target,
                        "could not restore the data from backup "
                                + target.restoreData().get() + ": " + Messages.of(e),
                        e);
            }
        }
        if (target.startDaemon()) {
            start(target);
        }
        ports.journal().clear();
        return kept;
    }

    /**
     * End an upgrade that changed nothing but, perhaps, the daemon's state (its stop failed): start the daemon again
     * if it ran before and none runs now, and clear the journal.
     *
     * @throws Failed when the daemon does not start
     */
    void keepServing(Target target) {
        if (target.startDaemon() && !daemons.running()) {
            start(target);
        }
        ports.journal().clear();
    }

    private void start(Target target) {
        try {
            daemons.startCurrent(target.version());
        } catch (RuntimeException e) {
            throw failed(
                    UpgradeStep.RESTART,
                    target,
                    "the daemon of " + target.version() + " did not start: " + Messages.of(e),
                    e);
        }
    }

    /** Spell out how an operator puts {@code target} back by hand. */
    List<String> manualSteps(Target target) {
        List<String> steps = new ArrayList<>();
        steps.add("stop any waiaas daemon of this data dir: waiaas stop");
        if (target.restoreCode()) {
            steps.addAll(ports.installer().manualSteps(target.version()));
        }
        target.restoreData()
                .ifPresent(b -> steps.add("restore the data of " + target.version() + ": waiaas backup restore " + b));
        steps.add("start it again: waiaas start -d");
        steps.add("last, delete " + ports.journal().location() + ", so the next command does not try to recover");
        return steps;
    }

    private Failed failed(UpgradeStep step, Target target, String message, Throwable cause) {
        return new Failed(step, message, manualSteps(target), cause);
    }

    private void forwardAgain(Target target) {
        try {
            ports.installer().restore(target.replaced());
        } catch (RuntimeException e) {
            listener.note("could not make " + target.replaced() + " current again either: " + Messages.of(e));
        }
    }

    /** Start whatever is current when a daemon ran before, so the operator is not left without one. */
    private void startAnyway(Target target) {
        if (!target.startDaemon() || daemons.running()) {
            return;
        }
        try {
            Version current = ports.installer().current().map(v -> v.version()).orElse(target.replaced());
            daemons.startCurrent(current);
            listener.note("started " + current + " again, on the data it can read");
        } catch (RuntimeException e) {
            listener.note("no daemon could be started: " + Messages.of(e));
        }
    }
}
