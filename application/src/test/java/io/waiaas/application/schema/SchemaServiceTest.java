package io.waiaas.application.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.application.testkit.FakeDaemonControl;
import io.waiaas.application.testkit.FakeSchemaMigrator;
import io.waiaas.application.testkit.InMemoryBackupStore;
import io.waiaas.application.testkit.InMemoryInstanceLock;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.RecordingOperatorLog;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T06:00:00Z"));
    private final InMemorySchemaHistory history = new InMemorySchemaHistory(SchemaVersion.of(1));
    private final FakeSchemaMigrator migrator =
            new FakeSchemaMigrator(history, SchemaVersion.of(1), SchemaVersion.of(2));
    private final InMemoryBackupStore backups =
            new InMemoryBackupStore(new InMemoryKeyValueStore(), clock, SchemaVersion.of(1));
    private final FakeDaemonControl daemon = new FakeDaemonControl();
    private final InMemoryInstanceLock lock = new InMemoryInstanceLock(1000);
    private final SchemaService service = new SchemaService(
            new SchemaGate(
                    history,
                    migrator,
                    backups,
                    BackupPolicy.keepNewest(5),
                    Version.parse("1.10.0"),
                    new RecordingOperatorLog()),
            daemon,
            lock);

    @Test
    void statusReportsBothSchemasAndTheDecisionWhileTheDaemonRuns() {
        lock.takeAs(daemon.holdDataDir());
        assertEquals(
                new SchemaReport(
                        Optional.of(SchemaVersion.of(1)),
                        SchemaVersion.of(2),
                        SchemaVersion.of(1),
                        new SchemaCompatibility.MigrationRequired(SchemaVersion.of(1), SchemaVersion.of(2))),
                service.status());
        assertEquals(0, migrator.migrations());
    }

    @Test
    void migrateBacksUpThenMigratesUnderTheDataDirsLock() {
        MigrationResult result = service.migrate();
        assertEquals(SchemaVersion.of(2), result.schema());
        assertEquals(BackupReason.PRE_MIGRATION, result.backup().orElseThrow().reason());
        assertEquals(1, lock.acquisitions());
        assertFalse(lock.held());
        assertEquals(
                new SchemaCompatibility.UpToDate(SchemaVersion.of(2)),
                service.status().decision());
    }

    @Test
    void migrateRefusesWhileTheDaemonRunsWritingNothing() {
        long pid = daemon.holdDataDir();
        WaiaasException e = assertThrows(WaiaasException.class, service::migrate);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "waiaas is running (pid " + pid + "); nothing was changed; stop it first with: waiaas stop, then run:"
                        + " waiaas db migrate",
                e.getMessage());
        assertEquals(0, migrator.migrations());
        assertEquals(List.of(), backups.list());
    }

    @Test
    void migrateRefusesADatabaseAheadAndReleasesTheLock() {
        history.moveTo(SchemaVersion.of(3));
        WaiaasException e = assertThrows(WaiaasException.class, service::migrate);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(0, migrator.migrations());
        assertFalse(lock.held());
    }

    @Test
    void downgradeMigratesDownUnderTheDataDirsLockAndItsPlanChangesNothing() {
        history.moveTo(SchemaVersion.of(2));
        assertTrue(service.planDowngrade(SchemaVersion.of(1)).isPossible());
        assertEquals(Optional.of(SchemaVersion.of(2)), history.current());
        assertEquals(0, lock.acquisitions(), "a plan takes no lock");

        assertEquals(SchemaVersion.of(2), service.downgrade(SchemaVersion.of(1)).from());

        assertEquals(Optional.of(SchemaVersion.of(1)), history.current());
        assertEquals(1, lock.acquisitions());
        assertFalse(lock.held());
    }

    @Test
    void downgradeRefusesWhileTheDaemonRunsChangingNothing() {
        history.moveTo(SchemaVersion.of(2));
        long pid = daemon.holdDataDir();
        WaiaasException e = assertThrows(WaiaasException.class, () -> service.downgrade(SchemaVersion.of(1)));
        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(e.getMessage().contains("pid " + pid) && e.getMessage().endsWith("waiaas db downgrade --to 1"));
        assertEquals(Optional.of(SchemaVersion.of(2)), history.current());
    }
}
