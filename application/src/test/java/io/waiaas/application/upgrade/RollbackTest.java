package io.waiaas.application.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.RollbackPlan;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.testkit.FakePackageInstaller;
import io.waiaas.application.testkit.InMemoryUpgradeJournal;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.Reason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code waiaas upgrade --rollback} (UPGR-04): back to the code and data from before the last upgrade, losing nothing. */
class RollbackTest {
    private static final Version N = Version.parse("1.0.0");
    private static final Version NEXT = Version.parse("1.1.0");

    private UpgradeWorld upgraded(FakePackageInstaller.Mode mode) {
        UpgradeWorld world =
                mode == FakePackageInstaller.Mode.NPM_GLOBAL ? UpgradeWorld.npmGlobal() : UpgradeWorld.standard();
        assertInstanceOf(UpgradeOutcome.Upgraded.class, world.upgrade());
        world.data.putAll(Map.of("written-under", "1.1.0"));
        return world;
    }

    @Test
    void goesBackToTheOldCodeAndDataAndKeepsWhatWasWrittenSince() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);

        UpgradeOutcome.Reverted reverted =
                assertInstanceOf(UpgradeOutcome.Reverted.class, world.service().rollBack(false, world.listener));

        assertEquals(NEXT, reverted.from());
        assertEquals(N, reverted.to());
        assertEquals(Optional.of(N), world.serves());
        assertEquals(Optional.of(SchemaVersion.of(2)), world.schema.current());
        assertEquals(UpgradeWorld.rows(), world.data.snapshot());
        assertEquals(
                reverted.kept(),
                world.backups(BackupReason.PRE_ROLLBACK).getFirst().id());
        assertEquals(Optional.empty(), world.journal.read());
    }

    @Test
    void leavesTheDaemonStoppedWithNoStart() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);
        assertInstanceOf(UpgradeOutcome.Reverted.class, world.service().rollBack(true, world.listener));
        assertEquals(Optional.empty(), world.daemon.runningPid());
        assertEquals(Optional.of(N), world.current());
    }

    @Test
    void failsInOneLineWithoutAPreUpgradeBackup() {
        UpgradeWorld world = new UpgradeWorld(N, 2, FakePackageInstaller.Mode.SIDE_BY_SIDE).serving();
        WaiaasException e =
                assertThrows(WaiaasException.class, () -> world.service().rollBack(false, world.listener));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().startsWith("there is no pre-upgrade backup"), e.getMessage());
    }

    @Test
    void failsNamingTheCommandsWhenThePreviousVersionIsNoLongerInstalled() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);
        world.installer.prune(0);
        world.installer.failures().failAlways("activate", ApplicationException.failed("not installed"));
        assertTrue(
                world.installer.installed().stream().noneMatch(v -> v.version().equals(N)));

        WaiaasException e =
                assertThrows(WaiaasException.class, () -> world.service().rollBack(false, world.listener));

        assertTrue(e.getMessage().contains("waiaas upgrade --to 1.0.0 --allow-downgrade"), e.getMessage());
        assertEquals(Optional.of(NEXT), world.serves(), "nothing was stopped");
    }

    @Test
    void rollsBackAnNpmGlobalInstallByInstallingTheOldVersionAgain() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.NPM_GLOBAL);

        assertInstanceOf(UpgradeOutcome.Reverted.class, world.service().rollBack(false, world.listener));

        assertEquals(Optional.of(N), world.serves());
        assertEquals(UpgradeWorld.rows(), world.data.snapshot());
    }

    /**
     * npm cannot bring the old version back (the registry is unreachable): exit 4 with the manual steps, the data
     * untouched, and the daemon that served before the rollback serving again — never the old data under the new
     * code.
     */
    @Test
    void anNpmGlobalRollbackThatCannotReinstallLeavesTheNewVersionServingItsDataAndNamesTheSteps() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.NPM_GLOBAL);
        world.installer.failures().failNext("restore", ApplicationException.failed("npm registry unreachable"));

        UpgradeOutcome.RollbackFailed failed = assertInstanceOf(
                UpgradeOutcome.RollbackFailed.class, world.service().rollBack(false, world.listener));

        assertEquals(4, failed.exitCode());
        assertEquals(UpgradeStep.INSTALL, failed.step());
        assertEquals(Reason.INSTALL_FAILED, failed.reason());
        assertTrue(failed.cause().contains("1.1.0 \u2192 1.0.0"), failed.cause());
        assertTrue(
                failed.manualSteps().stream().anyMatch(s -> s.contains("npm install -g")),
                failed.manualSteps().toString());
        assertEquals(Optional.of(NEXT), world.serves(), "the daemon that served before serves again");
        assertEquals("1.1.0", world.data.get("written-under").orElseThrow(), "the data was not replaced");
        assertEquals(Optional.of(SchemaVersion.of(3)), world.schema.current());
    }

    @Test
    void backupsThatCannotBeReadRefuseTheRollbackBeforeAnythingChanges() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);
        world.backups
                .failures()
                .failNext(
                        "list",
                        ApplicationException.failed("cannot list the backups in /d/backups: I/O error at /d/backups"));

        UpgradeOutcome.Refused refused =
                assertInstanceOf(UpgradeOutcome.Refused.class, world.service().rollBack(false, world.listener));

        assertEquals(Reason.BACKUPS_UNREADABLE, refused.reason());
        assertEquals(5, refused.exitCode());
        assertTrue(refused.message().endsWith("; nothing was changed"), refused.message());
        assertEquals(Optional.of(NEXT), world.serves());
        assertFalse(world.journal.exists());
    }

    @Test
    void aJournalThatCannotBeBegunRefusesTheRollbackAndLeavesNoJournal() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);
        world.journal.failures().failNext("record", ApplicationException.failed("disk full at upgrade.journal"));

        UpgradeOutcome.Refused refused =
                assertInstanceOf(UpgradeOutcome.Refused.class, world.service().rollBack(false, world.listener));

        assertEquals(Reason.JOURNAL_UNWRITABLE, refused.reason());
        assertEquals(Optional.of(NEXT), world.serves());
        assertEquals("1.1.0", world.data.get("written-under").orElseThrow());
        assertFalse(world.journal.exists());
    }

    /** Issue 16, finding 1: the registry is gone after the upgrade; the package kept by the upgrade brings N back. */
    @Test
    void anNpmGlobalRollbackWithTheRegistryDownBringsTheOldVersionBackFromThePackageKeptByTheUpgrade() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.NPM_GLOBAL);
        assertEquals(List.of(N), world.installer.kept(), "the upgrade kept N's package before it stopped anything");
        world.installer.registryReachable(false);

        UpgradeOutcome.Reverted reverted =
                assertInstanceOf(UpgradeOutcome.Reverted.class, world.service().rollBack(false, world.listener));

        assertEquals(NEXT, reverted.from());
        assertEquals(N, reverted.to());
        assertEquals(Optional.of(N), world.serves());
        assertEquals(UpgradeWorld.rows(), world.data.snapshot());
        assertTrue(
                world.installer.log().contains("install kept 1.0.0"),
                world.installer.log().toString());
        assertEquals(
                reverted.kept(),
                world.backups(BackupReason.PRE_ROLLBACK).getFirst().id(),
                "the data written under 1.1.0 is kept as the pre-rollback backup");
        assertEquals(Optional.empty(), world.journal.read());
        assertTrue(
                world.notes.stream().anyMatch(n -> n.contains("rolling back 1.1.0 \u2192 1.0.0")),
                "the versions in the operator's direction: " + world.notes);
    }

    /** Nothing kept and no registry: refused before anything stops, the new version still serving its data. */
    @Test
    void anNpmGlobalRollbackWithNoWayBackIsRefusedBeforeAnythingStops() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.NPM_GLOBAL);
        world.installer.forgetKept();
        world.installer.registryReachable(false);
        Optional<Long> pid = world.daemon.runningPid();

        UpgradeOutcome.Refused refused =
                assertInstanceOf(UpgradeOutcome.Refused.class, world.service().rollBack(false, world.listener));

        assertEquals(Reason.NO_WAY_BACK, refused.reason());
        assertEquals(5, refused.exitCode());
        assertTrue(
                refused.message().contains("1.0.0") && refused.message().contains("nothing was changed"),
                refused.message());
        assertEquals(pid, world.daemon.runningPid(), "the daemon was not stopped");
        assertEquals(Optional.of(NEXT), world.serves());
        assertEquals("1.1.0", world.data.get("written-under").orElseThrow());
        assertFalse(world.journal.exists());
    }

    /**
     * npm fails even with the kept package: exit 4, the steps, 1.1.0 serving its own data, and no journal left to
     * "complete" a rollback that changed nothing on the next start.
     */
    @Test
    void anNpmGlobalRollbackWhoseReinstallFailsChangesNothingAndLeavesNothingToRecover() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.NPM_GLOBAL);
        world.installer.failures().failNext("restore", ApplicationException.failed("npm install -g failed (exit 1)"));

        UpgradeOutcome.RollbackFailed failed = assertInstanceOf(
                UpgradeOutcome.RollbackFailed.class, world.service().rollBack(false, world.listener));

        assertEquals(4, failed.exitCode());
        assertTrue(failed.cause().contains("nothing was changed"), failed.cause());
        assertEquals(Optional.of(NEXT), world.serves());
        assertFalse(world.journal.exists(), "nothing to complete on the next start");
        assertEquals(Optional.empty(), world.service().recover(false, world.listener));
        assertEquals("1.1.0", world.data.get("written-under").orElseThrow());
    }

    /** UPGR-B9: every migration of 1.1.0 has its down script, so the rollback keeps what was written under 1.1.0. */
    @ParameterizedTest
    @EnumSource(FakePackageInstaller.Mode.class)
    void keepsEveryWriteMadeSinceTheUpgradeByMigratingDownWhenTheMigrationsAreReversible(
            FakePackageInstaller.Mode mode) {
        UpgradeWorld world = upgraded(mode);
        world.reversible.add(NEXT);
        Map<String, String> written = world.data.snapshot();

        UpgradeOutcome.Reverted reverted =
                assertInstanceOf(UpgradeOutcome.Reverted.class, world.service().rollBack(false, world.listener));

        assertEquals(Optional.of(N), world.serves());
        assertEquals(Optional.of(SchemaVersion.of(2)), world.schema.current());
        assertEquals(written, world.data.snapshot(), "every row written under 1.1.0 is still there");
        assertEquals("1.1.0", world.data.get("written-under").orElseThrow());
        assertEquals(
                reverted.kept(),
                world.backups(BackupReason.PRE_ROLLBACK).getFirst().id(),
                "the data as it was is kept too");
        assertTrue(
                world.notes.stream().anyMatch(n -> n.contains("migrating the data down to schema 2")),
                world.notes.toString());
        assertTrue(
                world.runner.runs().stream().anyMatch(r -> r.contains("--check")), "checked before anything stopped");
        assertEquals(Optional.empty(), world.journal.read());
    }

    @Test
    void aDownMigrationThatFailsFallsBackToRestoringTheBackupAndSaysSo() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);
        world.reversible.add(NEXT);
        world.downgradeFails.add(NEXT);

        assertInstanceOf(UpgradeOutcome.Reverted.class, world.service().rollBack(false, world.listener));

        assertEquals(Optional.of(N), world.serves());
        assertEquals(Optional.of(SchemaVersion.of(2)), world.schema.current());
        assertEquals(UpgradeWorld.rows(), world.data.snapshot(), "the pre-upgrade backup was restored");
        assertTrue(
                world.backups(BackupReason.PRE_ROLLBACK).stream()
                        .anyMatch(b -> b.reason() == BackupReason.PRE_ROLLBACK),
                "what was written under 1.1.0 is in a pre-rollback backup");
        assertTrue(
                world.notes.stream().anyMatch(n -> n.contains("restoring the backup instead")), world.notes.toString());
    }

    @Test
    void anIrreversibleMigrationRestoresTheBackupAndSaysWhereTheWritesStay() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);

        assertInstanceOf(UpgradeOutcome.Reverted.class, world.service().rollBack(false, world.listener));

        assertEquals(UpgradeWorld.rows(), world.data.snapshot());
        assertTrue(
                world.notes.stream().anyMatch(n -> n.contains("irreversible") && n.contains("pre-rollback backup")),
                world.notes.toString());
    }

    @Test
    void aRestoreThatLeavesWritesOnlyInABackupSaysHowManyFirstAndStopsWhenNotConfirmed() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);
        Map<String, String> written = world.data.snapshot();
        List<String> asked = new ArrayList<>();
        UpgradeListener no = new UpgradeListener() {
            @Override
            public void note(String message) {
                world.notes.add(message);
            }

            @Override
            public boolean confirm(String question) {
                asked.add(question);
                return false;
            }
        };

        UpgradeOutcome.Refused refused =
                assertInstanceOf(UpgradeOutcome.Refused.class, world.service().rollBack(false, no));

        assertEquals(Reason.NOT_CONFIRMED, refused.reason());
        assertEquals(5, refused.exitCode());
        assertTrue(
                world.notes.stream().anyMatch(n -> n.contains("leaves 2 rows of key_value_store")),
                world.notes.toString());
        assertEquals(
                List.of("Roll back 1.1.0 \u2192 1.0.0, keeping 2 rows written since the upgrade only in a backup?"),
                asked);
        assertEquals(Optional.of(NEXT), world.serves(), "nothing was stopped");
        assertEquals(written, world.data.snapshot());
        assertEquals(List.of(), world.backups(BackupReason.PRE_ROLLBACK));
        assertEquals(Optional.empty(), world.journal.read());
    }

    /** Killed while migrating down: the next command completes the rollback the same way, keeping the writes. */
    @Test
    void aRollbackKilledWhileMigratingDownIsCompletedByTheNextCommandKeepingTheWrites() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);
        world.reversible.add(NEXT);
        Map<String, String> written = world.data.snapshot();
        world.journal.crashAfterRecording(e -> e.kind() == JournalEntry.Kind.ROLLBACK
                && e.step() == UpgradeStep.MIGRATE
                && e.phase() == JournalEntry.Phase.STARTED);
        assertThrows(InMemoryUpgradeJournal.Crash.class, () -> world.service().rollBack(false, world.listener));
        assertEquals(
                Optional.of(SchemaVersion.of(2)),
                world.journal.read().orElseThrow().downTo());

        UpgradeOutcome.Reverted reverted = assertInstanceOf(
                UpgradeOutcome.Reverted.class,
                world.service().recover(true, world.listener).orElseThrow());

        assertEquals(N, reverted.to());
        assertEquals(Optional.of(N), world.serves());
        assertEquals(Optional.of(SchemaVersion.of(2)), world.schema.current());
        assertEquals(written, world.data.snapshot());
        assertEquals(Optional.empty(), world.journal.read());
    }

    @Test
    void aDryRunSaysWhichWayTheDataWouldGoBackAndChangesNothing() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);
        Map<String, String> written = world.data.snapshot();

        RollbackPlan restore = world.service().planRollback(world.listener);
        assertFalse(restore.keepsWrites());
        assertEquals(Map.of("key_value_store", 2L), restore.rowsOnlyInBackup());

        world.reversible.add(NEXT);
        RollbackPlan down = world.service().planRollback(world.listener);
        assertEquals(Optional.of(SchemaVersion.of(2)), down.downTo());
        assertEquals(NEXT, down.from());
        assertEquals(N, down.to());

        assertEquals(Optional.of(NEXT), world.serves(), "nothing was stopped");
        assertEquals(written, world.data.snapshot());
        assertEquals(Optional.of(SchemaVersion.of(3)), world.schema.current());
        assertEquals(List.of(), world.backups(BackupReason.PRE_ROLLBACK));
        assertEquals(Optional.empty(), world.journal.read());
    }

    /**
     * The data was migrated down, then the old code could not be made current: the data the new code reads is put
     * back from the backup taken just before, and the new version serves it again, as if nothing had happened.
     */
    @Test
    void aCodeSwitchThatFailsAfterTheDataWentDownPutsTheNewVersionsDataBackAndChangesNothing() {
        UpgradeWorld world = upgraded(FakePackageInstaller.Mode.SIDE_BY_SIDE);
        world.reversible.add(NEXT);
        Map<String, String> written = world.data.snapshot();
        world.installer.failures().failNext("restore", ApplicationException.failed("version 1.0.0 is gone"));

        UpgradeOutcome.RollbackFailed failed = assertInstanceOf(
                UpgradeOutcome.RollbackFailed.class, world.service().rollBack(false, world.listener));

        assertTrue(failed.cause().contains("nothing was changed"), failed.cause());
        assertEquals(Optional.of(NEXT), world.serves());
        assertEquals(Optional.of(SchemaVersion.of(3)), world.schema.current());
        assertEquals(written, world.data.snapshot());
        assertEquals(Optional.empty(), world.journal.read());
    }
}
