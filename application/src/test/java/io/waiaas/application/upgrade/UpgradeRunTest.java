package io.waiaas.application.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.testkit.InMemoryUpgradeJournal;
import io.waiaas.application.testkit.Launch;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.Reason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Steps 2 to 7 of an upgrade, and every way one of them fails (UPGR-02, UPGR-B3), over the verified fakes. */
class UpgradeRunTest {
    private static final Version N = Version.parse("1.0.0");
    private static final Version NEXT = Version.parse("1.1.0");

    private final UpgradeWorld world = UpgradeWorld.standard();

    @Test
    void upgradesInSevenAnnouncedStepsAndServesTheNewVersionWithItsData() {
        UpgradeOutcome.Upgraded done = assertInstanceOf(UpgradeOutcome.Upgraded.class, world.upgrade());

        assertEquals(N, done.from());
        assertEquals(NEXT, done.to());
        assertEquals(List.of(UpgradeStep.values()), world.started);
        assertEquals(Optional.of(NEXT), world.current());
        assertEquals(Optional.of(NEXT), world.serves());
        assertEquals(Optional.of(SchemaVersion.of(3)), world.schema.current());
        assertEquals("alice", world.data.get("wallet").orElseThrow());
        assertEquals(
                done.backup(),
                world.backups(BackupReason.PRE_UPGRADE).getFirst().id());
        assertEquals(Optional.empty(), world.journal.read(), "the journal is resolved");
        assertEquals(1, world.journal.preparations(), "the journal was proven writable before the stop");
        assertFalse(world.lock.held());
    }

    @Test
    void recordsTheRestartedDaemonBeforeItMayServe() {
        world.journal.crashAfterRecording(e -> e.daemon().isPresent());
        try {
            world.upgrade();
        } catch (InMemoryUpgradeJournal.Crash expected) {
            // the upgrade died right after recording the daemon it started, before letting it go
        }
        long recorded = world.journal.read().orElseThrow().daemon().orElseThrow();
        assertEquals(Optional.empty(), world.daemon.runningPid(), "the recorded daemon was let go before the record");
        world.daemon.abandonHeld();
        assertFalse(world.daemon.isAlive(recorded), "a held daemon whose upgrade died must not live on");
    }

    /** Each failure, injected into the world before the upgrade, with the step it hits. */
    static Stream<Arguments> stepFailures() {
        return Stream.of(
                failure(
                        UpgradeStep.BACKUP,
                        Reason.BACKUP_FAILED,
                        w -> w.backups
                                .failures()
                                .failNext(
                                        "create", ApplicationException.failed("disk full at /var/lib/waiaas/backups"))),
                failure(
                        UpgradeStep.INSTALL,
                        Reason.INSTALL_FAILED,
                        w -> w.installer.failNextInstallWith(
                                ApplicationException.failed("npm registry answered HTTP 503"))),
                failure(UpgradeStep.MIGRATE, Reason.MIGRATION_FAILED, w -> w.migrationFails.add(NEXT)),
                failure(UpgradeStep.VERIFY, Reason.VERIFY_FAILED, w -> w.reportsWrongVersion.add(NEXT)),
                failure(UpgradeStep.RESTART, Reason.DAEMON_UNHEALTHY, w -> w.unhealthy.add(NEXT)),
                failure(
                        UpgradeStep.INSTALL,
                        Reason.JOURNAL_FAILED,
                        w -> w.journal
                                .failures()
                                // the upgrade's records: begin, stop started/done, backup started, the backup taken,
                                // done,
                                // then install started
                                .failOnCall("record", 7, ApplicationException.failed("disk full at upgrade.journal"))));
    }

    private static Arguments failure(UpgradeStep step, Reason reason, Consumer<UpgradeWorld> inject) {
        return Arguments.of(step, reason, inject);
    }

    @ParameterizedTest(name = "{0} failing ({1}) is rolled back")
    @MethodSource("stepFailures")
    void aFailingStepIsRolledBackAndTheOldVersionServesItsDataAgain(
            UpgradeStep step, Reason reason, Consumer<UpgradeWorld> inject) {
        inject.accept(world);

        UpgradeOutcome outcome = world.upgrade();
        UpgradeOutcome.RolledBack failed =
                assertInstanceOf(UpgradeOutcome.RolledBack.class, outcome, () -> outcome + " " + world.notes);

        assertEquals(step, failed.step());
        assertEquals(reason, failed.reason());
        assertEquals(3, failed.exitCode());
        assertEquals(N, failed.restored());
        assertFalse(failed.cause().contains("Exception"), failed.cause());
        assertEquals(Optional.of(N), world.current());
        world.daemon.launches(Launch.keepsRunning());
        assertEquals(Optional.of(N), world.serves(), "the daemon that served before serves again");
        assertEquals(Optional.of(SchemaVersion.of(2)), world.schema.current());
        assertEquals(UpgradeWorld.rows(), world.data.snapshot(), "the data from before, nothing of the new version");
        assertEquals(Optional.empty(), world.journal.read(), "the journal is resolved");
        assertFalse(world.lock.held());
    }

    @Test
    void aDaemonThatWillNotStopEndsTheUpgradeWithTheDaemonStillServing() {
        world.daemon.terminate(world.daemon.runningPid().orElseThrow(), Duration.ofSeconds(1));
        long pid = world.daemon.holdDataDir(true);
        world.daemon.makeUnkillable(pid);

        UpgradeOutcome.RolledBack failed = assertInstanceOf(UpgradeOutcome.RolledBack.class, world.upgrade());

        assertEquals(UpgradeStep.STOP, failed.step());
        assertEquals(Reason.DAEMON_DID_NOT_STOP, failed.reason());
        assertEquals(Optional.of(pid), world.daemon.runningPid());
        assertEquals(List.of(), world.backups(BackupReason.PRE_UPGRADE));
        assertEquals(Optional.empty(), world.journal.read());
    }

    @Test
    void aDataRestoreThatFailsTooEndsWithExitFourTheManualStepsAndTheNewVersionCurrentWithItsData() {
        world.unhealthy.add(NEXT);
        world.backups.failures().failNext("restore", ApplicationException.failed("disk full at /var/lib/waiaas/data"));

        UpgradeOutcome.RollbackFailed failed = assertInstanceOf(UpgradeOutcome.RollbackFailed.class, world.upgrade());

        assertEquals(4, failed.exitCode());
        assertEquals(UpgradeStep.RESTART, failed.step());
        assertTrue(failed.rollbackCause().contains("could not restore the data"), failed.rollbackCause());
        String backup = world.backups(BackupReason.PRE_UPGRADE).getFirst().id().toString();
        assertTrue(
                failed.manualSteps().stream().anyMatch(s -> s.contains("waiaas backup restore " + backup)),
                failed.manualSteps().toString());
        assertTrue(
                failed.manualSteps().stream().anyMatch(s -> s.contains("ln -sfn")),
                failed.manualSteps().toString());
        assertTrue(failed.manualSteps().getLast().contains(InMemoryUpgradeJournal.LOCATION));
        assertEquals(Optional.of(NEXT), world.current(), "the code went forward again to the data it can read");
        assertEquals(Optional.of(SchemaVersion.of(3)), world.schema.current());
        assertTrue(world.journal.read().isPresent(), "the journal stays, so the next command tries again");
    }

    @Test
    void aDaemonThatCannotStartAtAllFailsTheRollbackTooWithTheStepsToStartItByHand() {
        world.daemon.launches(Launch.exitsWith(1, "waiaas: cannot listen on 127.0.0.1:3100: Address already in use"));

        UpgradeOutcome.RollbackFailed failed = assertInstanceOf(UpgradeOutcome.RollbackFailed.class, world.upgrade());

        assertEquals(UpgradeStep.RESTART, failed.step());
        assertTrue(failed.cause().contains("Address already in use"), failed.cause());
        assertTrue(failed.rollbackCause().contains("did not start"), failed.rollbackCause());
        assertTrue(
                failed.manualSteps().contains("start it again: waiaas start -d"),
                failed.manualSteps().toString());
        assertEquals(Optional.of(N), world.current(), "the code and the data went back all the same");
        assertEquals(UpgradeWorld.rows(), world.data.snapshot());
    }

    /**
     * UPGR-B3 with UPGR-B9: the new daemon started (it may have written) and never became healthy; its migrations
     * are reversible, so the automatic rollback migrates the data down instead of restoring the backup.
     */
    @Test
    void anAutomaticRollbackAfterTheSwitchKeepsTheNewVersionsWritesWhenItsMigrationsAreReversible() {
        world.unhealthy.add(NEXT);
        world.reversible.add(NEXT);

        UpgradeOutcome.RolledBack back = assertInstanceOf(UpgradeOutcome.RolledBack.class, world.upgrade());

        assertEquals(UpgradeStep.RESTART, back.step());
        assertEquals(Optional.of(N), world.serves());
        assertEquals(Optional.of(SchemaVersion.of(2)), world.schema.current());
        assertEquals(
                "1.1.0",
                world.data.get("migrated-by").orElseThrow(),
                "what was written under 1.1.0 stays; the backup was not restored over it");
        assertEquals(1, world.backups(BackupReason.PRE_ROLLBACK).size(), "the data as it was is kept too");
        assertEquals(Optional.empty(), world.journal.read());
    }

    /** Before the switch only the migration wrote: the backup is restored, and no down migration is tried. */
    @Test
    void anAutomaticRollbackBeforeTheSwitchRestoresTheBackup() {
        world.migrationFails.add(NEXT);
        world.reversible.add(NEXT);

        assertInstanceOf(UpgradeOutcome.RolledBack.class, world.upgrade());

        assertEquals(UpgradeWorld.rows(), world.data.snapshot());
        assertTrue(
                world.runner.runs().stream().noneMatch(r -> r.contains("downgrade")),
                world.runner.runs().toString());
    }

    @Test
    void aCodeRestoreThatFailsLeavesTheNewVersionCurrentWithItsDataAndNamesTheManualSteps() {
        world.unhealthy.add(NEXT);
        world.installer.failures().failNext("restore", ApplicationException.failed("version 1.0.0 is gone"));

        UpgradeOutcome.RollbackFailed failed = assertInstanceOf(UpgradeOutcome.RollbackFailed.class, world.upgrade());

        assertEquals(UpgradeStep.RESTART, failed.step());
        assertTrue(failed.rollbackCause().startsWith("could not make 1.0.0 current again"), failed.rollbackCause());
        assertEquals(Optional.of(NEXT), world.current());
        assertEquals(Optional.of(SchemaVersion.of(3)), world.schema.current(), "the data was not touched");
        assertEquals(List.of(), world.backups(BackupReason.PRE_ROLLBACK));
    }

    @Test
    void aJournalThatCannotBeBegunRefusesBeforeTheStop() {
        world.journal.failures().failNext("record", ApplicationException.failed("disk full at upgrade.journal"));

        UpgradeOutcome.Refused refused = assertInstanceOf(UpgradeOutcome.Refused.class, world.upgrade());

        assertEquals(Reason.JOURNAL_UNWRITABLE, refused.reason());
        assertEquals(5, refused.exitCode());
        assertEquals(Optional.of(N), world.serves());
        assertEquals(List.of(), world.backups(BackupReason.PRE_UPGRADE));
        assertFalse(world.journal.exists(), "a journal that could not be begun is left behind");
    }

    @Test
    void aJournalThatCannotBePreparedRefusesAndChangesNothing() {
        world.journal
                .failures()
                .failNext("prepare", ApplicationException.failed("permission denied on upgrade.journal"));

        UpgradeOutcome.Refused refused = assertInstanceOf(UpgradeOutcome.Refused.class, world.upgrade());

        assertEquals(Reason.JOURNAL_UNWRITABLE, refused.reason());
        assertTrue(refused.message().contains("permission denied"), refused.message());
        assertEquals(Optional.of(N), world.serves());
        assertEquals(
                List.of(),
                world.installer.log().stream()
                        .filter(l -> l.startsWith("install"))
                        .toList());
    }

    @Test
    void leavesTheDaemonStoppedWithNoStart() {
        UpgradeOutcome.Upgraded done = assertInstanceOf(
                UpgradeOutcome.Upgraded.class, world.upgrade(new UpgradeRequest(Optional.empty(), false, true)));
        assertEquals(NEXT, done.to());
        assertEquals(Optional.empty(), world.daemon.runningPid());
    }

    @Test
    void upgradesAStoppedInstallationWithoutStartingIt() {
        world.daemon.terminate(world.daemon.runningPid().orElseThrow(), Duration.ofSeconds(1));
        assertInstanceOf(UpgradeOutcome.Upgraded.class, world.upgrade());
        assertEquals(Optional.empty(), world.daemon.runningPid());
        assertEquals(Optional.of(NEXT), world.current());
    }

    /** Issue 16, finding 1: no way back to 1.0.0 without the registry is no upgrade; nothing stops. */
    @Test
    void anNpmGlobalUpgradeThatCannotKeepTheOldPackageIsRefusedBeforeTheStop() {
        UpgradeWorld npm = UpgradeWorld.npmGlobal();
        Optional<Long> pid = npm.daemon.runningPid();
        npm.installer.registryReachable(false);

        UpgradeOutcome.Refused refused = assertInstanceOf(UpgradeOutcome.Refused.class, npm.upgrade());

        assertEquals(Reason.NO_WAY_BACK, refused.reason());
        assertEquals(5, refused.exitCode());
        assertTrue(refused.message().contains("1.0.0"), refused.message());
        assertEquals(pid, npm.daemon.runningPid(), "the daemon was not stopped");
        assertEquals(Optional.of(N), npm.serves());
        assertFalse(npm.journal.exists());
        assertTrue(npm.backups(BackupReason.PRE_UPGRADE).isEmpty(), "no backup was taken");
    }

    @Test
    void anUpgradeThroughNpmsGlobalInstallPutsThePreviousVersionBackWithNpm() {
        UpgradeWorld npm = UpgradeWorld.npmGlobal();
        npm.migrationFails.add(NEXT);

        UpgradeOutcome.RolledBack failed = assertInstanceOf(UpgradeOutcome.RolledBack.class, npm.upgrade());

        assertEquals(UpgradeStep.MIGRATE, failed.step());
        assertEquals(Optional.of(N), npm.current());
        assertEquals(
                List.of("install 1.0.0", "keep 1.0.0", "install 1.1.0", "install kept 1.0.0"),
                npm.installer.log(),
                "1.0.0's package kept before the stop, and installed again from it");
        assertEquals(Optional.of(N), npm.serves());
    }

    @Test
    void theJournalRecordsEveryStepBeforeItActs() {
        world.journal.crashAfterRecording(
                e -> e.step() == UpgradeStep.MIGRATE && e.phase() == JournalEntry.Phase.STARTED);
        try {
            world.upgrade();
        } catch (InMemoryUpgradeJournal.Crash expected) {
            // the process died right after the record
        }
        assertEquals(Optional.of(SchemaVersion.of(2)), world.schema.current(), "the migration did not run first");
        JournalEntry last = world.journal.read().orElseThrow();
        assertTrue(last.backup().isPresent());
        assertEquals(UpgradeStep.MIGRATE, last.step());
    }
}
