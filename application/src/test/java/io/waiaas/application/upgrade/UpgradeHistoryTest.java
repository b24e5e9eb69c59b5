package io.waiaas.application.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.Reason;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.UpgradeRecord.Action;
import io.waiaas.domain.UpgradeRecord.Result;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the upgrade history keeps of each upgrade, rollback and recovery, over the verified fakes. */
class UpgradeHistoryTest {
    private static final Version N = Version.parse("1.0.0");
    private static final Version NEXT = Version.parse("1.1.0");

    private final UpgradeWorld world = UpgradeWorld.standard();

    @Test
    void anUpgradeIsRecordedWhenItStartsAndWhenItEnds() {
        assertInstanceOf(UpgradeOutcome.Upgraded.class, world.upgrade());

        assertEquals(
                List.of(
                        new UpgradeRecord(
                                world.history.all().get(0).at(),
                                Action.UPGRADE,
                                Result.STARTED,
                                Optional.of(N),
                                Optional.of(NEXT),
                                Optional.empty()),
                        new UpgradeRecord(
                                world.history.all().get(1).at(),
                                Action.UPGRADE,
                                Result.UPGRADED,
                                Optional.of(N),
                                Optional.of(NEXT),
                                Optional.empty())),
                world.history.all());
    }

    @Test
    void aRolledBackUpgradeIsRecordedWithItsTargetAndReason() {
        world.migrationFails.add(NEXT);

        assertInstanceOf(UpgradeOutcome.RolledBack.class, world.upgrade());

        UpgradeRecord last = world.history.all().getLast();
        assertEquals(Result.ROLLED_BACK, last.result());
        assertEquals(Optional.of(NEXT), last.to());
        assertEquals(Optional.of(N), last.from());
        assertEquals(Optional.of(Reason.MIGRATION_FAILED), last.reason());
    }

    @Test
    void aPlanThatIsRefusedOrUpToDateIsNotAnUpgrade() {
        world.upgrade();
        int before = world.history.all().size();

        assertInstanceOf(UpgradeOutcome.UpToDate.class, world.upgrade());

        assertEquals(before, world.history.all().size());
    }

    @Test
    void aRollbackIsRecordedAsReverted() {
        world.upgrade();

        assertInstanceOf(UpgradeOutcome.Reverted.class, world.service().rollBack(false, world.listener));

        UpgradeRecord last = world.history.all().getLast();
        assertEquals(Action.ROLLBACK, last.action());
        assertEquals(Result.REVERTED, last.result());
        assertEquals(Optional.of(NEXT), last.from());
        assertEquals(Optional.of(N), last.to());
    }

    @Test
    void theRecoveryOfAnInterruptedUpgradeIsRecordedByTheCommandThatRecovers() {
        world.dieAfter(e -> e.kind() == JournalEntry.Kind.UPGRADE
                && e.step() == UpgradeStep.MIGRATE
                && e.phase() == JournalEntry.Phase.STARTED);
        assertEquals(Result.STARTED, world.history.all().getLast().result(), "the dead upgrade never recorded an end");

        world.service().recover(false, world.listener).orElseThrow();

        UpgradeRecord last = world.history.all().getLast();
        assertEquals(Action.RECOVERY, last.action());
        assertEquals(Result.ROLLED_BACK, last.result());
        assertEquals(Optional.of(Reason.INTERRUPTED), last.reason());
    }

    @Test
    void aHistoryThatCannotBeWrittenIsSaidAndChangesNoOutcome() {
        world.history
                .failures()
                .failAlways("record", ApplicationException.failed("disk full at upgrade-history.jsonl"));

        assertInstanceOf(UpgradeOutcome.Upgraded.class, world.upgrade());

        assertEquals(List.of(), world.history.all());
        assertTrue(
                world.notes.contains("the upgrade history was not updated: disk full at upgrade-history.jsonl"),
                world.notes::toString);
    }
}
