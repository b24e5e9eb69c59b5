package io.waiaas.application.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.testkit.FakePackageInstaller;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.Reason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The upgrade plans and walks required stops (CMPT-B2): one full upgrade per stop, over the verified fakes. */
class RequiredStopsTest {
    private static final Version INSTALLED = Version.parse("1.0.0");

    private UpgradeWorld world(boolean withBridge) {
        UpgradeWorld world = new UpgradeWorld(INSTALLED, 2, FakePackageInstaller.Mode.SIDE_BY_SIDE)
                .release("1.0.0", 2, 1)
                .release("1.2.0", 3, 1);
        if (withBridge) {
            world.release("1.5.0", 5, 3);
        }
        return world.release("2.0.0", 6, 5).latest("2.0.0");
    }

    private final UpgradeWorld world = world(true);

    private UpgradeOutcome plan(UpgradeWorld w) {
        return w.service().plan(new UpgradeRequest(Optional.empty(), false, false), w.listener);
    }

    /** Return the versions whose {@code db migrate} ran on the data dir, in order. */
    private List<String> migrated(UpgradeWorld w) {
        return w.runner.runs().stream()
                .filter(line -> line.subList(1, line.size())
                        .equals(List.of("--data-dir", UpgradeWorld.DATA_DIR, "db", "migrate")))
                .map(line -> line.getFirst().split("/")[4])
                .toList();
    }

    @Test
    void aPlanShowsTheRouteThroughTwoStopsAndChangesNothing() {
        UpgradeOutcome.Planned plan = assertInstanceOf(UpgradeOutcome.Planned.class, plan(world));
        assertEquals(
                List.of("1.2.0", "1.5.0", "2.0.0"),
                plan.route().stream().map(Version::toString).toList());
        assertTrue(plan.hasStops());
        assertTrue(
                world.notes.stream().anyMatch(n -> n.contains("required stops: 1.2.0 \u2192 1.5.0 \u2192 2.0.0")),
                world.notes.toString());
        assertEquals(List.of(), world.installer.log());
        assertEquals(List.of(), world.backups(BackupReason.PRE_UPGRADE));
        assertEquals(Optional.of(SchemaVersion.of(2)), world.schema.current());
    }

    @Test
    void walksEveryStopWithItsOwnBackupAndEndsOnTheTarget() {
        UpgradeOutcome.Upgraded done = assertInstanceOf(UpgradeOutcome.Upgraded.class, world.upgrade());
        assertEquals(INSTALLED, done.from());
        assertEquals(Version.parse("2.0.0"), done.to());
        assertEquals(Optional.of(Version.parse("2.0.0")), world.current());
        assertEquals(Optional.of(SchemaVersion.of(6)), world.schema.current());
        assertEquals(3, world.backups(BackupReason.PRE_UPGRADE).size());
        assertEquals("alice", world.data.get("wallet").orElseThrow());
        assertEquals(List.of("1.2.0", "1.5.0", "2.0.0"), migrated(world));
        assertEquals(Optional.empty(), world.journal.read(), "the walk left an upgrade under way");
        assertFalse(world.lock.held(), "the walk kept the upgrade lock");
    }

    @Test
    void aFailureAtTheSecondStopLeavesTheFirstStopCurrentWithItsData() {
        world.migrationFails.add(Version.parse("1.5.0"));
        UpgradeOutcome.RolledBack failed = assertInstanceOf(UpgradeOutcome.RolledBack.class, world.upgrade());
        assertEquals(UpgradeStep.MIGRATE, failed.step());
        assertEquals(Version.parse("1.2.0"), failed.restored());
        assertTrue(failed.cause().startsWith("stop 2 of 3 (1.2.0 \u2192 1.5.0)"), failed.cause());
        assertTrue(failed.cause().contains("stopped at the last good stop 1.2.0"), failed.cause());
        assertEquals(Optional.of(Version.parse("1.2.0")), world.current());
        assertEquals(Optional.of(SchemaVersion.of(3)), world.schema.current());
        assertEquals(2, world.backups(BackupReason.PRE_UPGRADE).size());
        assertEquals(3, failed.exitCode());
        assertEquals(Optional.empty(), world.journal.read());
    }

    @Test
    void withTheDaemonRunningEachStopRestartsItAndAFailedSecondStopLeavesTheFirstStopServing() {
        world.serving();
        world.migrationFails.add(Version.parse("1.5.0"));
        UpgradeOutcome.RolledBack failed = assertInstanceOf(UpgradeOutcome.RolledBack.class, world.upgrade());
        assertEquals(Version.parse("1.2.0"), failed.restored());
        assertEquals(Optional.of(Version.parse("1.2.0")), world.serves());
        assertEquals(2, world.backups(BackupReason.PRE_UPGRADE).size());
        assertEquals(2, world.daemon.spawns(), "1.2.0 started after its stop, and again after the rollback");
    }

    @Test
    void withTheDaemonRunningTheWalkEndsWithTheTargetServing() {
        world.serving();
        assertInstanceOf(UpgradeOutcome.Upgraded.class, world.upgrade());
        assertEquals(Optional.of(Version.parse("2.0.0")), world.serves());
        assertEquals(3, world.daemon.spawns(), "one restart per stop");
    }

    @Test
    void aBackupThatFailsAtTheSecondStopSaysWhereTheWalkStoppedAndTheFirstStopServes() {
        world.serving();
        world.backups.failures().failOnCall("create", 2, ApplicationException.failed("disk full"));
        UpgradeOutcome.RolledBack failed = assertInstanceOf(UpgradeOutcome.RolledBack.class, world.upgrade());
        assertEquals(UpgradeStep.BACKUP, failed.step());
        assertEquals(Reason.BACKUP_FAILED, failed.reason());
        assertEquals(
                "stop 2 of 3 (1.2.0 \u2192 1.5.0): disk full; stopped at the last good stop 1.2.0", failed.cause());
        assertEquals(Optional.of(Version.parse("1.2.0")), world.serves());
        assertEquals(Optional.of(SchemaVersion.of(3)), world.schema.current());
    }

    @Test
    void refusesWithTheReasonWhenTheNeededIntermediateIsNotPublished() {
        UpgradeWorld gap = world(false);
        UpgradeOutcome.Refused refused = assertInstanceOf(UpgradeOutcome.Refused.class, plan(gap));
        assertEquals(Reason.DATABASE_TOO_OLD, refused.reason());
        assertTrue(refused.message().contains("no version bridges schema 3 to 5"), refused.message());
        assertEquals(5, refused.exitCode());
        assertEquals(List.of(), gap.installer.log());
    }

    @Test
    void goesStraightToATargetThatCanMigrateTheDatabase() {
        world.schema.moveTo(SchemaVersion.of(5));
        UpgradeOutcome.Planned plan = assertInstanceOf(UpgradeOutcome.Planned.class, plan(world));
        assertEquals(List.of(Version.parse("2.0.0")), plan.route());
    }
}
