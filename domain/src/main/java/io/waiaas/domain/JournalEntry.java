package io.waiaas.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Record, durably and before it acts, where an upgrade or rollback is (SPEC UPGR-B5).
 *
 * @param kind whether an upgrade or a {@code --rollback} was under way
 * @param step the step last begun
 * @param phase whether that step had finished
 * @param from the version that ran before
 * @param to the version being moved to
 * @param backup the backup holding the data from before, once taken
 * @param daemonWasRunning whether the daemon ran before, so it must run afterwards
 * @param switched whether {@code current} already points at {@code to}
 */
public record JournalEntry(
        Kind kind,
        UpgradeStep step,
        Phase phase,
        Version from,
        Version to,
        Optional<BackupId> backup,
        boolean daemonWasRunning,
        boolean switched) {

    public JournalEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(backup, "backup");
    }

    /** What was under way. */
    public enum Kind {
        UPGRADE,
        ROLLBACK
    }

    /** Whether the step had begun or finished. */
    public enum Phase {
        STARTED,
        DONE
    }

    /** Return this entry at {@code step}, {@code phase}. */
    public JournalEntry at(UpgradeStep step, Phase phase) {
        return new JournalEntry(kind, step, phase, from, to, backup, daemonWasRunning, switched);
    }

    /** Return this entry with the backup taken. */
    public JournalEntry withBackup(BackupId id) {
        return new JournalEntry(kind, step, phase, from, to, Optional.of(id), daemonWasRunning, switched);
    }

    /** Return this entry with {@code current} switched to {@code to}. */
    public JournalEntry switchedToTarget() {
        return new JournalEntry(kind, step, phase, from, to, backup, daemonWasRunning, true);
    }

    /** Tell whether the database may have been changed by the new version (its migrations began). */
    public boolean dataMayHaveChanged() {
        return step.compareTo(UpgradeStep.MIGRATE) >= 0;
    }
}
