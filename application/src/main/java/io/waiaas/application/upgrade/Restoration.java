package io.waiaas.application.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.out.CommandResult;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.time.Duration;
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
    private final Duration stepTimeout;

    Restoration(UpgradePorts ports, DaemonSupervisor daemons, UpgradeListener listener, Duration stepTimeout) {
        this.ports = ports;
        this.daemons = daemons;
        this.listener = listener;
        this.stepTimeout = stepTimeout;
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
     * @param migrateDownTo the schema of {@code version}, when the data should go back by migrating down with
     *     {@code replaced}'s code, keeping the writes made since (UPGR-B9); {@code restoreData} is restored instead
     *     when that fails
     */
    record Target(
            Version version,
            Version replaced,
            boolean restoreCode,
            Optional<BackupId> restoreData,
            Optional<Long> spawned,
            boolean startDaemon,
            boolean dataIsBack,
            Optional<SchemaVersion> migrateDownTo) {

        Target(
                Version version,
                Version replaced,
                boolean restoreCode,
                Optional<BackupId> restoreData,
                Optional<Long> spawned,
                boolean startDaemon,
                boolean dataIsBack) {
            this(version, replaced, restoreCode, restoreData, spawned, startDaemon, dataIsBack, Optional.empty());
        }

        Target(
                Version version,
                Version replaced,
                boolean restoreCode,
                Optional<BackupId> restoreData,
                Optional<Long> spawned,
                boolean startDaemon) {
            this(version, replaced, restoreCode, restoreData, spawned, startDaemon, false);
        }

        /** Return this target going back by migrating the data down to {@code schema}, when there is one. */
        Target migratingDownTo(Optional<SchemaVersion> schema) {
            return new Target(version, replaced, restoreCode, restoreData, spawned, startDaemon, dataIsBack, schema);
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
        private final boolean dataChanged;

        Failed(UpgradeStep step, String message, List<String> manualSteps, Throwable cause) {
            this(step, message, manualSteps, cause, false);
        }

        private Failed(
                UpgradeStep step, String message, List<String> manualSteps, Throwable cause, boolean dataChanged) {
            super(message, cause);
            this.step = step;
            this.manualSteps = List.copyOf(manualSteps);
            this.dataChanged = dataChanged;
        }

        /** Return this failure, saying that the data had been changed (migrated down) when it happened. */
        Failed withDataChanged() {
            return new Failed(step, getMessage(), manualSteps, getCause(), true);
        }

        /** Tell whether the data had been changed when it failed, so the journal must stay. */
        boolean dataChanged() {
            return dataChanged;
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
        Optional<BackupManifest> kept = Optional.empty();
        boolean migratedDown = false;
        if (target.migrateDownTo().isPresent()) {
            // Before the code goes back: only the code being left knows how to undo its migrations.
            beforeData.run();
            kept = migrateDown(target, target.migrateDownTo().get());
            migratedDown = kept.isPresent();
            if (migratedDown) {
                afterData.run();
            }
        }
        if (target.restoreCode()) {
            try {
                ports.installer().restore(target.version());
                Optional<Version> now = ports.installer().current().map(InstalledVersion::version);
                if (now.filter(v -> !v.equals(target.version())).isPresent()) {
                    throw ApplicationException.failed(now.get() + " is still the installed version");
                }
            } catch (RuntimeException e) {
                boolean dataIsBack = target.dataIsBack() || (migratedDown && !migrateUpAgain(target, kept.get()));
                if (dataIsBack) {
                    // The data is the old version's already: the replaced code must not serve it.
                    listener.note("no daemon was started: the data is " + target.version() + "'s, the code "
                            + target.replaced() + "'s");
                } else {
                    // Code and data are both still the replaced version's: let it serve again.
                    startAnyway(target);
                }
                Failed failure = failed(
                        UpgradeStep.INSTALL,
                        target,
                        "could not make " + target.version() + " current again: " + Messages.of(e),
                        e);
                throw dataIsBack && !target.dataIsBack() ? failure.withDataChanged() : failure;
            }
        }
        if (target.restoreData().isPresent() && !migratedDown) {
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
     * Decide, before anything is changed, whether the data can go back to {@code backup}'s schema by migrating down,
     * keeping the writes made since it (UPGR-B9): the current version, the one being left, checks its own down
     * migrations. Returns the schema to go down to, or empty when the backup must be restored instead (and says why,
     * and where the writes stay).
     */
    Optional<SchemaVersion> wayDown(BackupManifest backup) {
        Optional<SchemaVersion> schema = backup.schemaVersion();
        Optional<SchemaVersion> now;
        Optional<InstalledVersion> leaving;
        try {
            now = ports.schema().current();
            leaving = ports.installer().current();
        } catch (RuntimeException e) {
            listener.note("the data goes back to backup " + backup.id() + ": " + Messages.of(e));
            return Optional.empty();
        }
        if (schema.isEmpty() || now.isEmpty() || leaving.isEmpty()) {
            listener.note("the data goes back to backup " + backup.id()
                    + (schema.isEmpty() ? ", which does not record its schema" : "")
                    + "; the data written since stays in a pre-rollback backup");
            return Optional.empty();
        }
        if (!schema.get().isBefore(now.get())) {
            return schema;
        }
        CommandResult check = ports.runner()
                .run(
                        leaving.get(),
                        List.of("db", "downgrade", "--to", schema.get().toString(), "--check"),
                        stepTimeout);
        if (check.exitCode() != 0) {
            listener.note("the data goes back to backup " + backup.id() + " (" + check.reason() + "); the data"
                    + " written since stays in a pre-rollback backup");
            return Optional.empty();
        }
        check.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(listener::note);
        return schema;
    }

    /**
     * Migrate the data down to {@code schema} with the command line of the version being left, after a
     * {@code pre-rollback} backup of the data as it is, so that every write the older schema holds stays (UPGR-B9).
     *
     * @return the backup kept; nothing when it could not be done and nothing was changed, so the backup must be
     *     restored instead
     */
    private Optional<BackupManifest> migrateDown(Target target, SchemaVersion schema) {
        Optional<SchemaVersion> now;
        Optional<InstalledVersion> leaving;
        try {
            now = ports.schema().current();
            leaving = ports.installer().current().filter(v -> v.version().equals(target.replaced()));
        } catch (RuntimeException e) {
            listener.note("cannot tell how to migrate the data down (" + Messages.of(e) + "); restoring the backup"
                    + " instead");
            return Optional.empty();
        }
        boolean needed = now.filter(schema::isBefore).isPresent();
        if (needed && leaving.isEmpty()) {
            listener.note("the code of " + target.replaced() + " that undoes its migrations is not current; restoring"
                    + " the backup instead");
            return Optional.empty();
        }
        BackupManifest kept;
        try {
            kept = ports.backups().create(BackupReason.PRE_ROLLBACK, target.replaced());
        } catch (RuntimeException e) {
            listener.note("could not back up the data before migrating it down (" + Messages.of(e) + "); restoring"
                    + " the backup instead, which keeps a copy of the data it replaces");
            return Optional.empty();
        }
        if (!needed) {
            listener.note("kept the data as it is (schema "
                    + now.map(SchemaVersion::toString).orElse("none") + ", which " + target.version()
                    + " reads); a copy is in backup " + kept.id());
            return Optional.of(kept);
        }
        CommandResult down =
                ports.runner().run(leaving.get(), List.of("db", "downgrade", "--to", schema.toString()), stepTimeout);
        if (down.exitCode() != 0) {
            listener.note("could not migrate the data down to schema " + schema + " (" + down.reason() + "); nothing"
                    + " was changed; restoring the backup instead");
            return Optional.empty();
        }
        down.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(listener::note);
        listener.note("kept the data as it was in backup " + kept.id() + "; every write schema " + schema
                + " can hold stays");
        return Optional.of(kept);
    }

    /**
     * Put the data the rollback migrated down back as the replaced version had it (from the backup taken just before),
     * because its code is staying: returns whether that worked.
     */
    private boolean migrateUpAgain(Target target, BackupManifest kept) {
        try {
            ports.backups().restore(kept.id(), target.replaced());
            listener.note(
                    "put the data of " + target.replaced() + " back from backup " + kept.id() + ", as its code stays");
            return true;
        } catch (RuntimeException e) {
            listener.note("could not put the data of " + target.replaced() + " back from backup " + kept.id() + ": "
                    + Messages.of(e));
            return false;
        }
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
