package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every journal state against the recovery it calls for (UPGR-B5): the pure decision, as a table. */
class RecoveryPlanTest {
    private static final Version N = Version.parse("1.0.0");
    private static final Version NEXT = Version.parse("1.1.0");
    private static final BackupId BACKUP = BackupId.of("pre-upgrade-1.0.0-20261207070000");
    private static final long PID = 4711;

    /** The journal entry an upgrade leaves at {@code step}/{@code phase}, as the run records it. */
    private static JournalEntry upgradeAt(UpgradeStep step, JournalEntry.Phase phase) {
        JournalEntry entry = JournalEntry.upgrade(N, NEXT, true).at(step, phase);
        if (step.compareTo(UpgradeStep.BACKUP) > 0 || step == UpgradeStep.BACKUP && phase == JournalEntry.Phase.DONE) {
            entry = entry.withBackup(BACKUP);
        }
        if (step == UpgradeStep.VERIFY && phase == JournalEntry.Phase.DONE || step == UpgradeStep.RESTART) {
            entry = entry.switchedToTarget();
        }
        return entry;
    }

    /** step, phase, then what must be done: finish, or roll back (code, data). */
    static Stream<Arguments> upgradeTable() {
        List<Arguments> rows = new ArrayList<>();
        rows.add(row(UpgradeStep.STOP, JournalEntry.Phase.STARTED, "roll back", false, false));
        rows.add(row(UpgradeStep.STOP, JournalEntry.Phase.DONE, "roll back", false, false));
        rows.add(row(UpgradeStep.BACKUP, JournalEntry.Phase.STARTED, "roll back", false, false));
        rows.add(row(UpgradeStep.BACKUP, JournalEntry.Phase.DONE, "roll back", false, false));
        rows.add(row(UpgradeStep.INSTALL, JournalEntry.Phase.STARTED, "roll back", true, false));
        rows.add(row(UpgradeStep.INSTALL, JournalEntry.Phase.DONE, "roll back", true, false));
        rows.add(row(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED, "roll back", true, true));
        rows.add(row(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE, "roll back", true, true));
        rows.add(row(UpgradeStep.VERIFY, JournalEntry.Phase.STARTED, "roll back", true, true));
        rows.add(row(UpgradeStep.VERIFY, JournalEntry.Phase.DONE, "finish", false, false));
        rows.add(row(UpgradeStep.RESTART, JournalEntry.Phase.STARTED, "finish", false, false));
        rows.add(row(UpgradeStep.RESTART, JournalEntry.Phase.DONE, "finish", false, false));
        return rows.stream();
    }

    private static Arguments row(UpgradeStep step, JournalEntry.Phase phase, String what, boolean code, boolean data) {
        return Arguments.of(step, phase, what, code, data);
    }

    @ParameterizedTest(name = "upgrade at {0}/{1}: {2} (code {3}, data {4})")
    @MethodSource("upgradeTable")
    void decidesEachUpgradeState(UpgradeStep step, JournalEntry.Phase phase, String what, boolean code, boolean data) {
        JournalEntry entry = upgradeAt(step, phase);
        RecoveryPlan plan = RecoveryPlan.decide(entry, true);
        switch (plan) {
            case RecoveryPlan.Finish finish -> {
                assertEquals("finish", what, plan.toString());
                assertEquals(new RecoveryPlan.Finish(NEXT, Optional.empty(), true), finish);
            }
            case RecoveryPlan.RollBack back -> {
                assertEquals("roll back", what, plan.toString());
                assertEquals(
                        new RecoveryPlan.RollBack(
                                N, NEXT, code, data ? Optional.of(BACKUP) : Optional.empty(), Optional.empty(), true),
                        back);
            }
            case RecoveryPlan.CompleteRollback c -> throw new AssertionError("an upgrade is never a rollback: " + c);
        }
    }

    @Test
    void waitsForTheDaemonARestartRecordedAndStartsNoneWhenTheCallerWill() {
        JournalEntry entry =
                upgradeAt(UpgradeStep.RESTART, JournalEntry.Phase.STARTED).withDaemon(PID);
        assertEquals(new RecoveryPlan.Finish(NEXT, Optional.of(PID), false), RecoveryPlan.decide(entry, false));
    }

    @Test
    void startsNoDaemonThatDidNotRunBefore() {
        JournalEntry entry = JournalEntry.upgrade(N, NEXT, false).at(UpgradeStep.INSTALL, JournalEntry.Phase.DONE);
        RecoveryPlan.RollBack back = (RecoveryPlan.RollBack) RecoveryPlan.decide(entry, true);
        assertEquals(false, back.startDaemon());
    }

    @Test
    void completesARollbackRestoringItsDataUnlessTheRestoreIsRecordedDone() {
        JournalEntry started = JournalEntry.rollback(NEXT, N, BACKUP, true);
        assertEquals(
                new RecoveryPlan.CompleteRollback(N, NEXT, Optional.of(BACKUP), true, Optional.empty()),
                RecoveryPlan.decide(started, true));
        assertEquals(
                new RecoveryPlan.CompleteRollback(N, NEXT, Optional.of(BACKUP), false, Optional.empty()),
                RecoveryPlan.decide(started.at(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED), false));
        assertEquals(
                new RecoveryPlan.CompleteRollback(N, NEXT, Optional.empty(), true, Optional.empty()),
                RecoveryPlan.decide(started.at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE), true));
    }

    @Test
    void completesARollbackThatKeepsTheWritesByMigratingDownUntilThatIsRecordedDone() {
        SchemaVersion schema = SchemaVersion.of(4);
        JournalEntry started = JournalEntry.rollback(NEXT, N, BACKUP, true).migratingDownTo(schema);
        assertEquals(
                new RecoveryPlan.CompleteRollback(N, NEXT, Optional.of(BACKUP), true, Optional.of(schema)),
                RecoveryPlan.decide(started.at(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED), true));
        assertEquals(
                new RecoveryPlan.CompleteRollback(N, NEXT, Optional.empty(), true, Optional.empty()),
                RecoveryPlan.decide(started.at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE), true),
                "the data is the old version's: nothing is migrated or restored again");
        assertThrows(
                DomainException.class,
                () -> JournalEntry.upgrade(N, NEXT, true).migratingDownTo(schema),
                "only a rollback migrates down");
    }

    @Test
    void describesAnEntryInTheDirectionTheOperatorReads() {
        assertEquals(
                "upgrade 1.0.0 \u2192 1.1.0 at step 5 (migrate, started)",
                upgradeAt(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED).describe());
        String rollback = JournalEntry.rollback(NEXT, N, BACKUP, true).describe();
        assertTrue(rollback.startsWith("rollback 1.1.0 \u2192 1.0.0"), rollback);
    }

    @Test
    void aDaemonRecordedAtOneStepIsForgottenAtTheNext() {
        JournalEntry restart =
                upgradeAt(UpgradeStep.RESTART, JournalEntry.Phase.STARTED).withDaemon(PID);
        assertEquals(
                Optional.of(PID),
                restart.at(UpgradeStep.RESTART, JournalEntry.Phase.DONE).daemon());
        assertEquals(
                Optional.empty(),
                restart.at(UpgradeStep.STOP, JournalEntry.Phase.STARTED).daemon());
    }
}
