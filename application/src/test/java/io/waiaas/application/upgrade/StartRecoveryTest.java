package io.waiaas.application.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.StartClearance;
import io.waiaas.application.testkit.InMemoryUpgradeJournal;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What {@code waiaas start} does after an interrupted upgrade (UPGR-B5): the decision the CLI acts on. */
class StartRecoveryTest {
    private static final Version N = Version.parse("1.0.0");
    private static final Version NEXT = Version.parse("1.1.0");

    private final UpgradeWorld world = UpgradeWorld.standard();
    private final AtomicInteger built = new AtomicInteger();

    private StartRecovery startOf(Version build) {
        return new StartRecovery(
                build,
                UpgradeWorld.PORT,
                world.journal,
                this::service,
                world.daemon,
                world.health,
                world.clock,
                world.pause,
                Duration.ofSeconds(30));
    }

    private PerformUpgrade service() {
        built.incrementAndGet();
        return world.service();
    }

    @Test
    void goesOnWithoutBuildingTheUpgradeWhenNothingWasInterrupted() {
        assertInstanceOf(StartClearance.Go.class, startOf(N).beforeStart(true, world.listener));
        assertEquals(0, built.get(), "a start with no journal built the upgrade service");
    }

    @Test
    void countsTheDaemonTheInterruptedRestartHadStartedInsteadOfRacingIt() {
        world.journal.crashAfterRecording(e -> e.daemon().isPresent());
        try {
            world.upgrade();
        } catch (InMemoryUpgradeJournal.Crash expected) {
            // died right after letting the recorded daemon go
        }
        long spawned = world.journal.read().orElseThrow().daemon().orElseThrow();
        world.daemon.daemon(spawned).orElseThrow().release(); // it was let go just before the upgrade died

        StartClearance.AlreadyServing serving =
                assertInstanceOf(StartClearance.AlreadyServing.class, startOf(N).beforeStart(true, world.listener));

        assertEquals(spawned, serving.daemon().pid());
        assertEquals(NEXT, serving.daemon().health().version());
    }

    @Test
    void waitsForTheDaemonTheInterruptedUpgradeStartedToBecomeReady() {
        world.journal.crashAfterRecording(e -> e.daemon().isPresent());
        try {
            world.upgrade();
        } catch (InMemoryUpgradeJournal.Crash expected) {
            // died right after letting the recorded daemon go
        }
        long spawned = world.journal.read().orElseThrow().daemon().orElseThrow();
        world.daemon.daemon(spawned).orElseThrow().release();
        world.health.readyAfter(UpgradeWorld.PORT, world.health.readyAsks(UpgradeWorld.PORT) + 3);

        StartClearance.AlreadyServing serving =
                assertInstanceOf(StartClearance.AlreadyServing.class, startOf(N).beforeStart(true, world.listener));

        assertEquals(spawned, serving.daemon().pid());
    }

    @Test
    void goesOnAfterRollingBackAnUpgradeThatDiedBeforeItSwitched() {
        world.dieAfter(e -> e.step() == UpgradeStep.MIGRATE && e.phase() == JournalEntry.Phase.DONE);

        assertInstanceOf(StartClearance.Go.class, startOf(N).beforeStart(false, world.listener));
        assertEquals(java.util.Optional.of(N), world.current());
    }

    @Test
    void namesTheVersionTheRecoveryLeftCurrentWhenThisBuildIsAnotherInTheForeground() {
        world.dieAfter(e -> e.step() == UpgradeStep.VERIFY && e.phase() == JournalEntry.Phase.DONE);

        StartClearance.OtherVersionCurrent other = assertInstanceOf(
                StartClearance.OtherVersionCurrent.class, startOf(N).beforeStart(false, world.listener));

        assertEquals(NEXT, other.current());
        assertEquals(N, other.build());
    }

    @Test
    void startsWhateverIsCurrentInTheBackground() {
        world.dieAfter(e -> e.step() == UpgradeStep.VERIFY && e.phase() == JournalEntry.Phase.DONE);
        assertInstanceOf(StartClearance.Go.class, startOf(N).beforeStart(true, world.listener));
    }

    @Test
    void stopsWhenTheRecoveryFails() {
        world.dieAfter(e -> e.step() == UpgradeStep.MIGRATE && e.phase() == JournalEntry.Phase.DONE);
        world.backups.failures().failNext("restore", ApplicationException.failed("I/O error at /data/waiaas.db"));

        StartClearance.RecoveryFailed failed =
                assertInstanceOf(StartClearance.RecoveryFailed.class, startOf(N).beforeStart(true, world.listener));

        assertEquals(4, failed.outcome().exitCode());
    }
}
