package io.waiaas.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Record, durably and before it acts, where an upgrade or rollback is (UPGR-B5).
 *
 * <p>For a {@link Kind#ROLLBACK}, {@code from} is the version gone back <em>to</em> and {@code to} the one gone back
 * from: the journal format predates the rollback's own entries, and journals already on disk keep their meaning.
 * {@link #describe()} names them in the direction the operator reads.
 *
 * @param kind whether an upgrade or a {@code --rollback} was under way
 * @param step the step last begun
 * @param phase whether that step had finished
 * @param from the version that ran before an upgrade; the version a rollback goes back to
 * @param to the version an upgrade moves to; the version a rollback leaves
 * @param backup the backup holding the data from before, once taken
 * @param daemonWasRunning whether the daemon ran before, so it must run afterwards
 * @param switched whether {@code current} already points at {@code to}
 * @param daemon the daemon this step started, recorded before it may serve (so a crash right after cannot leave a
 *     daemon nobody knows of), or empty
 * @param downTo for a rollback that keeps the writes made since the upgrade (UPGR-B9): the schema the database
 *     migrates down to instead of being restored from {@code backup}; empty for a rollback that restores the backup.
 *     A release that predates it ignores the field and completes such a rollback by restoring the backup.
 */
public record JournalEntry(
        Kind kind,
        UpgradeStep step,
        Phase phase,
        Version from,
        Version to,
        Optional<BackupId> backup,
        boolean daemonWasRunning,
        boolean switched,
        Optional<Long> daemon,
        Optional<SchemaVersion> downTo) {

    public JournalEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(downTo, "downTo");
        if (downTo.isPresent() && kind != Kind.ROLLBACK) {
            throw DomainException.invalid("only a rollback migrates the database down");
        }
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

    /** Begin the journal of an upgrade {@code from} → {@code to}, before step 2 acts. */
    public static JournalEntry upgrade(Version from, Version to, boolean daemonWasRunning) {
        return new JournalEntry(
                Kind.UPGRADE,
                UpgradeStep.STOP,
                Phase.STARTED,
                from,
                to,
                Optional.empty(),
                daemonWasRunning,
                false,
                Optional.empty(),
                Optional.empty());
    }

    /** Begin the journal of a rollback that leaves {@code leaving} for {@code goingBackTo} with {@code backup}. */
    public static JournalEntry rollback(
            Version leaving, Version goingBackTo, BackupId backup, boolean daemonWasRunning) {
        return new JournalEntry(
                Kind.ROLLBACK,
                UpgradeStep.STOP,
                Phase.STARTED,
                goingBackTo,
                leaving,
                Optional.of(backup),
                daemonWasRunning,
                true,
                Optional.empty(),
                Optional.empty());
    }

    /** Return this rollback keeping the writes: it migrates the database down to {@code schema} (UPGR-B9). */
    public JournalEntry migratingDownTo(SchemaVersion schema) {
        return new JournalEntry(
                kind, step, phase, from, to, backup, daemonWasRunning, switched, daemon, Optional.of(schema));
    }

    /** Return this entry at {@code step}, {@code phase}; a daemon recorded for an earlier step is forgotten. */
    public JournalEntry at(UpgradeStep step, Phase phase) {
        Optional<Long> kept = step == this.step ? daemon : Optional.empty();
        return new JournalEntry(kind, step, phase, from, to, backup, daemonWasRunning, switched, kept, downTo);
    }

    /** Return this entry with the backup taken. */
    public JournalEntry withBackup(BackupId id) {
        return new JournalEntry(
                kind, step, phase, from, to, Optional.of(id), daemonWasRunning, switched, daemon, downTo);
    }

    /** Return this entry with {@code current} switched to {@code to}. */
    public JournalEntry switchedToTarget() {
        return new JournalEntry(kind, step, phase, from, to, backup, daemonWasRunning, true, daemon, downTo);
    }

    /** Return this entry with daemon {@code pid} started by this step. */
    public JournalEntry withDaemon(long pid) {
        return new JournalEntry(
                kind, step, phase, from, to, backup, daemonWasRunning, switched, Optional.of(pid), downTo);
    }

    /** Tell whether the database may have been changed by the new version (its migrations began). */
    public boolean dataMayHaveChanged() {
        return kind == Kind.UPGRADE && step.compareTo(UpgradeStep.MIGRATE) >= 0;
    }

    /** Tell whether the code may have changed (step 4 installs; inside npm's global install it replaces in place). */
    public boolean codeMayHaveChanged() {
        return kind == Kind.ROLLBACK || step.compareTo(UpgradeStep.INSTALL) >= 0;
    }

    /**
     * Describe what was under way as the operator reads it, such as {@code upgrade 1.0.0 → 1.1.0 at step 5
     * (migrate, started)} or {@code rollback 1.1.0 → 1.0.0 at step 2 (stop, started)}.
     */
    public String describe() {
        Version left = kind == Kind.ROLLBACK ? to : from;
        Version reached = kind == Kind.ROLLBACK ? from : to;
        return kind.name().toLowerCase(Locale.ROOT) + " " + left + " \u2192 " + reached + " at step " + step.number()
                + " (" + step.label() + ", " + phase.name().toLowerCase(Locale.ROOT) + ")";
    }
}
