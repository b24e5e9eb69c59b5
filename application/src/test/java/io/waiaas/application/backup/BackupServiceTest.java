package io.waiaas.application.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.BackupCreated;
import io.waiaas.application.port.in.RestoreResult;
import io.waiaas.application.testkit.FakeDaemonControl;
import io.waiaas.application.testkit.InMemoryBackupStore;
import io.waiaas.application.testkit.InMemoryInstanceLock;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupServiceTest {
    private static final Version BUILD = Version.parse("1.10.0");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T06:00:00Z"));
    private final InMemoryKeyValueStore data = new InMemoryKeyValueStore();
    private final InMemoryBackupStore store = new InMemoryBackupStore(data, clock, SchemaVersion.of(2));
    private final FakeDaemonControl daemon = new FakeDaemonControl();
    private final InMemoryInstanceLock lock = new InMemoryInstanceLock(1000);
    private final BackupService service = new BackupService(BUILD, store, BackupPolicy.keepNewest(2), daemon, lock);

    @Test
    void createsABackupOfTheReasonGivenNamedAfterThisBuild() {
        BackupCreated created = service.create(BackupReason.PRE_UPDATE);
        assertEquals("pre-update-1.10.0-20261126060000", created.backup().id().value());
        assertEquals(List.of(), created.pruned());
        assertEquals(List.of(created.backup()), service.list());
    }

    @Test
    void createsABackupWhileTheDaemonRuns() {
        lock.takeAs(daemon.holdDataDir());
        assertEquals(
                BackupReason.MANUAL,
                service.create(BackupReason.MANUAL).backup().reason());
    }

    @Test
    void appliesRetentionPerReasonAfterEachBackup() {
        BackupManifest upgrade = service.create(BackupReason.PRE_UPGRADE).backup();
        BackupId first = service.create(BackupReason.MANUAL).backup().id();
        clock.advance(Duration.ofMinutes(1));
        service.create(BackupReason.MANUAL);
        clock.advance(Duration.ofMinutes(1));
        BackupCreated third = service.create(BackupReason.MANUAL);
        assertEquals(List.of(first), third.pruned());
        assertTrue(service.list().contains(upgrade), "another reason's backups are not counted");
        assertEquals(3, service.list().size());
    }

    @Test
    void restoresANamedBackupAndKeepsTheReplacedDataAsPreRollback() {
        data.putAll(Map.of("k", "before"));
        BackupManifest backup = service.create(BackupReason.MANUAL).backup();
        data.putAll(Map.of("k", "after"));
        clock.advance(Duration.ofMinutes(1));

        RestoreResult result = service.restore(backup.id());

        assertEquals(backup, result.restored());
        assertEquals(BackupReason.PRE_ROLLBACK, result.kept().orElseThrow().reason());
        assertEquals(Optional.of("before"), data.get("k"));
        assertFalse(lock.held(), "the lock is released after the restore");
        assertEquals(1, lock.acquisitions());
    }

    @Test
    void restoresTheNewestBackupByCreationTimeForLatest() {
        data.putAll(Map.of("k", "1.9"));
        service.create(BackupReason.PRE_UPGRADE);
        clock.advance(Duration.ofMinutes(1));
        data.putAll(Map.of("k", "manual"));
        BackupManifest newest = service.create(BackupReason.MANUAL).backup();
        data.putAll(Map.of("k", "live"));
        clock.advance(Duration.ofMinutes(1));

        assertEquals(newest, service.restoreLatest().restored());
        assertEquals(Optional.of("manual"), data.get("k"));
    }

    @Test
    void refusesToRestoreWhileTheDaemonRunsWithItsPidChangingNothing() {
        data.putAll(Map.of("k", "before"));
        BackupManifest backup = service.create(BackupReason.MANUAL).backup();
        data.putAll(Map.of("k", "live"));
        long pid = daemon.holdDataDir();

        WaiaasException e = assertThrows(WaiaasException.class, () -> service.restore(backup.id()));

        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "waiaas is running (pid " + pid + "); nothing was changed; stop it first with: waiaas stop, then run:"
                        + " waiaas backup restore " + backup.id(),
                e.getMessage());
        assertEquals(Optional.of("live"), data.get("k"));
        assertEquals(List.of(backup), service.list());
    }

    @Test
    void refusesToRestoreWhileADaemonIsStartingAndHoldsTheLock() {
        BackupManifest backup = service.create(BackupReason.MANUAL).backup();
        lock.takeAs(4711);
        WaiaasException e = assertThrows(WaiaasException.class, () -> service.restore(backup.id()));
        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(e.getMessage().startsWith("a waiaas daemon is starting for this data dir"), e.getMessage());
    }

    @Test
    void refusesAMissingBackupInOneLineChangingNothing() {
        data.putAll(Map.of("k", "live"));
        WaiaasException e =
                assertThrows(WaiaasException.class, () -> service.restore(BackupId.of("manual-1.0.0-20200101000000")));
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "there is no backup named manual-1.0.0-20200101000000; nothing was changed; see: waiaas backup"
                        + " list",
                e.getMessage());
        assertEquals(Optional.of("live"), data.get("k"));
        assertFalse(lock.held());
    }

    @Test
    void refusesLatestWhenThereIsNoBackup() {
        WaiaasException e = assertThrows(WaiaasException.class, service::restoreLatest);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(List.of(), service.list());
        WaiaasException named = assertThrows(WaiaasException.class, () -> service.toRestore(Optional.empty()));
        assertEquals(e.getMessage(), named.getMessage(), "the restore is named as it would be refused");
    }

    @Test
    void namesTheBackupARestoreWouldPutBackOrRefusesAsItWouldChangingNothing() {
        data.putAll(Map.of("k", "v"));
        BackupManifest older = service.create(BackupReason.MANUAL).backup();
        clock.advance(Duration.ofMinutes(1));
        BackupManifest newer = service.create(BackupReason.PRE_UPDATE).backup();

        assertEquals(newer, service.toRestore(Optional.empty()));
        assertEquals(older, service.toRestore(Optional.of(older.id())));
        BackupId missing = BackupId.of("manual-1.0.0-20200101000000");
        WaiaasException e = assertThrows(WaiaasException.class, () -> service.toRestore(Optional.of(missing)));
        WaiaasException r = assertThrows(WaiaasException.class, () -> service.restore(missing));
        assertEquals(r.getMessage(), e.getMessage());
        assertEquals(ErrorCode.REFUSED, e.code());
        assertFalse(lock.held(), "naming takes no lock");
        assertEquals(List.of(newer, older), service.list());
    }

    @Test
    void refusesADamagedBackupChangingNothing() {
        data.putAll(Map.of("k", "before"));
        BackupManifest backup = service.create(BackupReason.MANUAL).backup();
        data.putAll(Map.of("k", "live"));
        store.damage(backup.id());
        WaiaasException e = assertThrows(WaiaasException.class, () -> service.restore(backup.id()));
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(Optional.of("live"), data.get("k"));
        assertEquals(List.of(backup), service.list());
        assertFalse(lock.held());
    }
}
