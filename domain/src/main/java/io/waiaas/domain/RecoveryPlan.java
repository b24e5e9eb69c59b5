package io.waiaas.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Decide what puts an interrupted upgrade or rollback right (UPGR-B5): a pure function of the last journal
 * entry, with a sealed result that the recovery carries out.
 *
 * <p>An upgrade that had switched {@code current} (past step 6) is finished; any other upgrade is rolled back, its
 * code put back from step 4 on and its data from step 5 on; an interrupted {@code --rollback} is completed, its data
 * restored again unless the journal shows the restore done. A daemon the interrupted step had started (and recorded)
 * is waited for when it belongs to the outcome, and stopped when it does not.
 */
public sealed interface RecoveryPlan {

    /**
     * Keep {@code version}, which the upgrade had switched to and verified.
     *
     * @param version the new version, current now
     * @param spawned the daemon the interrupted restart had started, to wait for rather than race
     * @param startDaemon whether a daemon must run afterwards (it ran before, and the caller does not start it)
     */
    record Finish(Version version, Optional<Long> spawned, boolean startDaemon) implements RecoveryPlan {
        public Finish {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(spawned, "spawned");
        }
    }

    /**
     * Put back {@code version} as it was before the upgrade to {@code replaced}.
     *
     * @param version the version to run again
     * @param replaced the version the upgrade moved to, whose data a restore keeps as a pre-rollback backup
     * @param restoreCode whether the code may have changed and must be made {@code version} again
     * @param restoreData the backup to restore the data from, when the new version's migration may have begun
     * @param spawned a daemon of {@code replaced} the interrupted restart had started, to stop first
     * @param startDaemon whether a daemon must run afterwards
     */
    record RollBack(
            Version version,
            Version replaced,
            boolean restoreCode,
            Optional<BackupId> restoreData,
            Optional<Long> spawned,
            boolean startDaemon)
            implements RecoveryPlan {
        public RollBack {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(replaced, "replaced");
            Objects.requireNonNull(restoreData, "restoreData");
            Objects.requireNonNull(spawned, "spawned");
        }
    }

    /**
     * Complete a {@code --rollback} from {@code leaving} to {@code version}.
     *
     * @param version the version gone back to
     * @param leaving the version gone back from
     * @param restoreData the backup to restore, unless the journal shows the restore already done
     * @param startDaemon whether a daemon must run afterwards
     * @param migrateDownTo the schema to migrate the data down to, keeping its writes, before {@code restoreData} is
     *     restored instead (UPGR-B9); empty when the rollback restores the backup, or the data is back already
     */
    record CompleteRollback(
            Version version,
            Version leaving,
            Optional<BackupId> restoreData,
            boolean startDaemon,
            Optional<SchemaVersion> migrateDownTo)
            implements RecoveryPlan {
        public CompleteRollback {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(leaving, "leaving");
            Objects.requireNonNull(restoreData, "restoreData");
            Objects.requireNonNull(migrateDownTo, "migrateDownTo");
        }
    }

    /**
     * Decide how to recover from {@code entry}, the last record of the journal.
     *
     * @param restartDaemon whether the caller wants the daemon running again if it ran before (false for
     *     {@code waiaas start}, which starts it itself)
     */
    static RecoveryPlan decide(JournalEntry entry, boolean restartDaemon) {
        Objects.requireNonNull(entry, "entry");
        boolean start = entry.daemonWasRunning() && restartDaemon;
        if (entry.kind() == JournalEntry.Kind.ROLLBACK) {
            boolean restored = entry.step() == UpgradeStep.MIGRATE && entry.phase() == JournalEntry.Phase.DONE;
            return new CompleteRollback(
                    entry.from(),
                    entry.to(),
                    restored ? Optional.empty() : entry.backup(),
                    start,
                    restored ? Optional.empty() : entry.downTo());
        }
        if (entry.switched()) {
            return new Finish(entry.to(), entry.daemon(), start);
        }
        return new RollBack(
                entry.from(),
                entry.to(),
                entry.codeMayHaveChanged(),
                entry.dataMayHaveChanged() ? entry.backup() : Optional.empty(),
                entry.daemon(),
                start);
    }
}
