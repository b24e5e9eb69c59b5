package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UpgradeJournal} must show: the last entry recorded is what a later command reads, even
 * after a restart, and a write torn by a power cut falls back to the entry before it (UPGR-B5).
 */
public interface UpgradeJournalContract {

    /** Create the journal of a fresh data dir. */
    UpgradeJournal newJournal();

    /** Open the journal of the data dir of {@link #newJournal()} again, as the next command after a crash does. */
    UpgradeJournal reopen();

    /** Leave {@code entry} half written to the journal of {@link #newJournal()}, as a power cut mid-record does. */
    void tearWhileRecording(JournalEntry entry);

    /** Return an upgrade 1.0.0 → 1.1.0 that began {@code step}; a small builder of journal entries. */
    static JournalEntry upgradeAt(UpgradeStep step) {
        return new JournalEntry(
                JournalEntry.Kind.UPGRADE,
                step,
                JournalEntry.Phase.STARTED,
                Version.parse("1.0.0"),
                Version.parse("1.1.0"),
                Optional.empty(),
                true,
                false,
                Optional.empty(),
                Optional.empty());
    }

    @Test
    default void isEmptyWhenNoUpgradeWasEverRecorded() {
        assertEquals(Optional.empty(), newJournal().read());
        assertEquals(Optional.empty(), reopen().read());
    }

    @Test
    default void readsBackTheLastEntryRecorded() {
        UpgradeJournal journal = newJournal();
        JournalEntry first = upgradeAt(UpgradeStep.BACKUP);
        JournalEntry last = first.withBackup(BackupId.of("pre-upgrade-1.0.0-20261126070000"))
                .at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE);
        journal.record(first);
        assertEquals(Optional.of(first), journal.read());
        journal.record(last);
        assertEquals(Optional.of(last), journal.read());
    }

    @Test
    default void keepsEveryFieldOfARollbackEntry() {
        UpgradeJournal journal = newJournal();
        JournalEntry rollback = new JournalEntry(
                JournalEntry.Kind.ROLLBACK,
                UpgradeStep.RESTART,
                JournalEntry.Phase.DONE,
                Version.parse("2.0.0-rc.1"),
                Version.parse("1.9.3"),
                Optional.of(BackupId.of("pre-rollback-2.0.0-rc.1-20261126070000")),
                false,
                true,
                Optional.empty(),
                Optional.empty());
        journal.record(rollback);
        assertEquals(Optional.of(rollback), journal.read());
        JournalEntry keepingWrites = rollback.migratingDownTo(SchemaVersion.of(7));
        journal.record(keepingWrites);
        assertEquals(Optional.of(keepingWrites), journal.read(), "a rollback that migrates down says to which schema");
    }

    @Test
    default void keepsTheDaemonARestartStarted() {
        UpgradeJournal journal = newJournal();
        JournalEntry restart = upgradeAt(UpgradeStep.RESTART).switchedToTarget().withDaemon(424242L);
        journal.record(restart);
        assertEquals(Optional.of(restart), reopen().read());
        JournalEntry done = restart.at(UpgradeStep.RESTART, JournalEntry.Phase.DONE);
        journal.record(done);
        assertEquals(Optional.of(424242L), reopen().read().orElseThrow().daemon());
    }

    @Test
    default void aPreparedJournalHoldsNothingUnderWayAndRecordsAsBefore() {
        UpgradeJournal journal = newJournal();
        journal.prepare();
        assertEquals(Optional.empty(), journal.read());
        assertEquals(Optional.empty(), reopen().read());
        JournalEntry first = upgradeAt(UpgradeStep.STOP);
        journal.record(first);
        journal.prepare();
        assertEquals(Optional.of(first), reopen().read(), "preparing again keeps what was recorded");
        JournalEntry next = first.at(UpgradeStep.BACKUP, JournalEntry.Phase.STARTED);
        journal.record(next);
        assertEquals(Optional.of(next), reopen().read());
        journal.clear();
        assertEquals(Optional.empty(), reopen().read());
    }

    @Test
    default void aTornWriteIntoAPreparedJournalFallsBackToTheEntryBefore() {
        UpgradeJournal journal = newJournal();
        journal.prepare();
        JournalEntry before = upgradeAt(UpgradeStep.BACKUP);
        journal.record(before);
        tearWhileRecording(before.at(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED));
        assertEquals(Optional.of(before), reopen().read());
        JournalEntry after = before.at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE);
        reopen().record(after);
        assertEquals(Optional.of(after), reopen().read());
    }

    @Test
    default void namesWhereItIsKept() {
        assertFalse(newJournal().location().isBlank());
    }

    @Test
    default void anEntryRecordedIsReadByTheNextCommandAfterACrash() {
        JournalEntry entry = upgradeAt(UpgradeStep.MIGRATE).switchedToTarget();
        newJournal().record(entry);
        assertEquals(Optional.of(entry), reopen().read());
    }

    @Test
    default void clearingLeavesNothingUnderWayForTheNextCommandEither() {
        UpgradeJournal journal = newJournal();
        journal.record(upgradeAt(UpgradeStep.INSTALL));
        journal.record(upgradeAt(UpgradeStep.VERIFY));
        journal.clear();
        assertEquals(Optional.empty(), journal.read());
        assertEquals(Optional.empty(), reopen().read());
    }

    @Test
    default void clearingAJournalThatHoldsNothingIsHarmless() {
        UpgradeJournal journal = newJournal();
        journal.clear();
        journal.clear();
        assertEquals(Optional.empty(), journal.read());
    }

    @Test
    default void anEntryRecordedAfterAClearIsTheOnlyOneRead() {
        UpgradeJournal journal = newJournal();
        journal.record(upgradeAt(UpgradeStep.RESTART).switchedToTarget());
        journal.clear();
        JournalEntry next = upgradeAt(UpgradeStep.INSTALL);
        journal.record(next);
        assertEquals(Optional.of(next), reopen().read());
    }

    @Test
    default void aTornLastWriteFallsBackToTheEntryBeforeIt() {
        JournalEntry before = upgradeAt(UpgradeStep.BACKUP);
        newJournal().record(before);
        tearWhileRecording(before.at(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED));
        assertEquals(Optional.of(before), reopen().read());
    }

    @Test
    default void aWriteTornBeforeAnyEntryLeavesNothingUnderWay() {
        newJournal();
        tearWhileRecording(upgradeAt(UpgradeStep.INSTALL));
        assertEquals(Optional.empty(), reopen().read());
    }

    @Test
    default void anEntryRecordedAfterATornWriteIsReadBack() {
        JournalEntry before = upgradeAt(UpgradeStep.BACKUP);
        newJournal().record(before);
        tearWhileRecording(before.at(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED));
        UpgradeJournal recovering = reopen();
        JournalEntry after = before.at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE);
        recovering.record(after);
        assertEquals(Optional.of(after), recovering.read());
        assertEquals(Optional.of(after), reopen().read());
    }
}
