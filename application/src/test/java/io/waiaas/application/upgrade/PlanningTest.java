package io.waiaas.application.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.testkit.FakePackageInstaller;
import io.waiaas.application.testkit.RegistryKey;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.Reason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Step 1 of an upgrade and its preflight (UPGR-01, UPGR-05, UPGR-07, UPGR-B1, UPGR-B4, CMPT-B1): refusals change nothing. */
class PlanningTest {
    private static final Version N = Version.parse("1.1.0");

    private final UpgradeWorld world = new UpgradeWorld(N, 3, FakePackageInstaller.Mode.SIDE_BY_SIDE)
            .release("1.0.0", 2, 1)
            .release("1.1.0", 3, 1)
            .release("1.2.0", 3, 1)
            .latest("1.2.0")
            .serving();

    @Test
    void plansTheUpgradeToTheChannelsLatestWithoutChangingAnything() {
        UpgradeOutcome.Planned plan = assertInstanceOf(
                UpgradeOutcome.Planned.class, world.service().plan(request(null, false), world.listener));

        assertEquals(N, plan.from());
        assertEquals(Version.parse("1.2.0"), plan.to());
        assertTrue(plan.daemonRunning());
        assertTrue(plan.restart());
        assertEquals(List.of(UpgradeStep.CHECK), world.started);
        assertNothingChanged();
    }

    @Test
    void saysUpToDateWhenTheTargetIsInstalled() {
        UpgradeOutcome outcome = world.service().plan(request("1.1.0", false), world.listener);
        assertEquals(new UpgradeOutcome.UpToDate(N), outcome);
        assertNothingChanged();
    }

    @Test
    void refusesAnOlderTargetWithoutAllowDowngrade() {
        refused(request("1.0.0", false), Reason.DOWNGRADE_NOT_ALLOWED, "--allow-downgrade");
    }

    /**
     * A downgrade across a schema change: the database (schema 3) is newer than 1.0.0 reads (schema 2). The one
     * schema decision refuses it at step 1 (exit 5); before it was made the preflight's own, this went on to step 5
     * and was rolled back (exit 3).
     */
    @Test
    void refusesADowngradeToAReleaseThatCannotReadTheDatabaseBeforeAnythingChanges() {
        UpgradeOutcome.Refused refused = refused(request("1.0.0", true), Reason.DATABASE_AHEAD, "newer than 1.0.0");
        assertEquals(5, refused.exitCode());
    }

    @Test
    void allowsADowngradeThatKeepsTheSchema() {
        UpgradeWorld same = new UpgradeWorld(N, 3, FakePackageInstaller.Mode.SIDE_BY_SIDE)
                .release("1.0.5", 3, 1)
                .release("1.1.0", 3, 1)
                .latest("1.1.0")
                .serving();
        assertInstanceOf(
                UpgradeOutcome.Upgraded.class, same.upgrade(new UpgradeRequest(Optional.of("1.0.5"), true, false)));
        assertEquals(Optional.of(Version.parse("1.0.5")), same.serves());
    }

    @Test
    void refusesAReleaseThatFailsItsSupplyChainCheck() {
        world.published.keys(RegistryKey.generate("SHA256:planning-test"));
        refused(request(null, false), Reason.UNTRUSTED_RELEASE, "not signed");
    }

    @Test
    void refusesWhenADirectoryCannotBeWritten() {
        String blocked = world.disk.blockDataDir();
        refused(request(null, false), Reason.NOT_WRITABLE, blocked);
    }

    @Test
    void refusesWithoutRoomForTheBackup() {
        world.disk.addData(10L << 20).backupFree(1L << 20);
        refused(request(null, false), Reason.DISK_SPACE, "backup");
    }

    @Test
    void refusesWithoutRoomForTheNewVersion() {
        world.disk.growRunningVersion(80L << 20).installFree(1L << 20);
        refused(request(null, false), Reason.DISK_SPACE, "install 1.2.0");
    }

    @Test
    void refusesInAContainerWhoseImageIsReplacedAsAWhole() {
        world.inContainer = true;
        refused(request(null, false), Reason.IN_CONTAINER, "pull the new image");
    }

    @Test
    void refusesWhileAnotherUpgradeHoldsTheLock() {
        world.lock.takeAs("another upgrade");
        refused(request(null, false), Reason.UPGRADE_RUNNING, "another upgrade");
    }

    @Test
    void refusesToCarryOutAPlanMadeForAnotherInstalledVersion() {
        UpgradeService service = world.service();
        UpgradeOutcome.Planned plan =
                assertInstanceOf(UpgradeOutcome.Planned.class, service.plan(request(null, false), world.listener));
        world.installer.install(world.source.release(UpgradeWorld.PKG, Version.parse("1.0.0")), (r, t) -> {});
        world.installer.activate(Version.parse("1.0.0"));

        UpgradeOutcome.Refused refused =
                assertInstanceOf(UpgradeOutcome.Refused.class, service.execute(plan, world.listener));

        assertTrue(refused.message().contains("changed since the plan"), refused.message());
        assertEquals(List.of(), world.backups(BackupReason.PRE_UPGRADE));
    }

    private UpgradeOutcome.Refused refused(UpgradeRequest request, Reason reason, String mentions) {
        UpgradeOutcome.Refused refused =
                assertInstanceOf(UpgradeOutcome.Refused.class, world.service().plan(request, world.listener));
        assertEquals(reason, refused.reason(), refused.message());
        assertTrue(refused.message().contains(mentions), refused.message());
        assertEquals(5, refused.exitCode());
        assertNothingChanged();
        return refused;
    }

    private void assertNothingChanged() {
        assertEquals(Optional.of(N), world.serves(), "the daemon serves as before");
        assertEquals(Optional.of(SchemaVersion.of(3)), world.schema.current());
        assertEquals(UpgradeWorld.rows(), world.data.snapshot());
        assertEquals(List.of(), world.backups(BackupReason.PRE_UPGRADE));
        assertEquals(List.of("adopt 1.1.0"), world.installer.log());
        assertEquals(Optional.empty(), world.journal.read());
    }

    private static UpgradeRequest request(String to, boolean allowDowngrade) {
        return new UpgradeRequest(Optional.ofNullable(to), allowDowngrade, false);
    }
}
