package io.waiaas.application.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.application.port.out.StopAdvisor;
import io.waiaas.application.testkit.FakeSchemaMigrator;
import io.waiaas.application.testkit.InMemoryBackupStore;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RecordingOperatorLog;
import io.waiaas.application.testkit.StopAdvisorContract;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaGateTest {
    private static final Version BUILD = Version.parse("1.10.0");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T06:00:00Z"));
    private final InMemoryKeyValueStore data = new InMemoryKeyValueStore();
    private final RecordingOperatorLog log = new RecordingOperatorLog();
    private InMemorySchemaHistory history = new InMemorySchemaHistory();
    private FakeSchemaMigrator migrator;
    private InMemoryBackupStore backups;

    private SchemaGate gate(Optional<Integer> database, int minCompatible, int latest) {
        history = database.map(v -> new InMemorySchemaHistory(SchemaVersion.of(v)))
                .orElseGet(InMemorySchemaHistory::new);
        migrator = new FakeSchemaMigrator(history, SchemaVersion.of(minCompatible), SchemaVersion.of(latest));
        backups = new InMemoryBackupStore(data, history, clock);
        return new SchemaGate(history, migrator, backups, BackupPolicy.keepNewest(2), BUILD, log);
    }

    /** Return the operator's log as "LEVEL message" lines. */
    private List<String> lines() {
        return log.lines().stream().map(l -> l.level() + " " + l.message()).toList();
    }

    @Test
    void createsAFreshDatabaseAtTheLatestSchemaWithoutABackup() {
        MigrationResult result = gate(Optional.empty(), 1, 4).apply();
        assertEquals(new SchemaCompatibility.Fresh(SchemaVersion.of(4)), result.decision());
        assertEquals(SchemaVersion.of(4), result.schema());
        assertEquals(Optional.empty(), result.backup());
        assertEquals(Optional.of(SchemaVersion.of(4)), history.current());
        assertEquals(List.of(), backups.list());
        assertEquals(List.of("INFO created the database at schema 4"), lines());
    }

    @Test
    void leavesAnUpToDateDatabaseAloneWithoutABackup() {
        MigrationResult result = gate(Optional.of(4), 1, 4).apply();
        assertEquals(new SchemaCompatibility.UpToDate(SchemaVersion.of(4)), result.decision());
        assertEquals(0, migrator.migrations());
        assertEquals(List.of(), backups.list());
        assertEquals(List.of(), lines());
    }

    @Test
    void backsUpAnOlderDatabaseBeforeMigratingIt() {
        data.putAll(Map.of("k", "v"));
        MigrationResult result = gate(Optional.of(2), 1, 4).apply();

        BackupManifest backup = result.backup().orElseThrow();
        assertEquals(BackupReason.PRE_MIGRATION, backup.reason());
        assertEquals("pre-migration-1.10.0-20261126060000", backup.id().value());
        assertEquals(
                Optional.of(SchemaVersion.of(2)),
                backup.schemaVersion(),
                "the backup holds the database as it was before the migration");
        assertEquals(SchemaVersion.of(4), result.schema());
        assertEquals(1, migrator.migrations());
        assertEquals(
                List.of("INFO migrated database from schema 2 to 4 (backup:" + " pre-migration-1.10.0-20261126060000)"),
                lines());
    }

    @Test
    void migratesNothingWhenThePreMigrationBackupFails() {
        SchemaGate gate = gate(Optional.of(2), 1, 4);
        backups.failures()
                .failNext("create", ApplicationException.failed("cannot back up /d/waiaas.db: the disk is full"));
        WaiaasException e = assertThrows(WaiaasException.class, gate::apply);
        assertEquals(ErrorCode.FAILED, e.code());
        assertEquals(
                "cannot take the pre-migration backup, so the database was left at schema 2: cannot back up"
                        + " /d/waiaas.db: the disk is full",
                e.getMessage());
        assertEquals(0, migrator.migrations());
        assertEquals(Optional.of(SchemaVersion.of(2)), history.current());
    }

    @Test
    void keepsOnlyTheNewestPreMigrationBackupsAfterMigrating() {
        SchemaGate gate = gate(Optional.of(1), 1, 2);
        for (int i = 0; i < 3; i++) {
            history.moveTo(SchemaVersion.of(1));
            gate.apply();
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(2, backups.list().size());
        assertTrue(
                lines().stream().anyMatch(l -> l.startsWith("INFO removed old backups: pre-migration-")),
                lines().toString());
    }

    @Test
    void aFailingRetentionNeverFailsAMigrationThatRan() {
        SchemaGate gate = gate(Optional.of(1), 1, 2);
        backups.failures()
                .failNext(
                        "prune",
                        ApplicationException.failed("cannot delete old backup /d/backups/x: permission denied"));
        MigrationResult result = gate.apply();
        assertEquals(SchemaVersion.of(2), result.schema());
        assertEquals(
                "WARN could not remove old backups: cannot delete old backup /d/backups/x: permission denied",
                lines().getLast());
    }

    @Test
    void refusesADatabaseAheadNamingBothVersionsAndTheUpgradeCommandWritingNothing() {
        SchemaGate gate = gate(Optional.of(5), 1, 4);
        WaiaasException e = assertThrows(WaiaasException.class, gate::apply);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "the database is at schema 5, newer than schema 4 of this build (waiaas 1.10.0); it was left"
                        + " untouched; run: waiaas upgrade (in a container: run a newer image)",
                e.getMessage());
        assertEquals(0, migrator.migrations());
        assertEquals(List.of(), backups.list());
        assertEquals(Optional.of(SchemaVersion.of(5)), history.current());
    }

    @Test
    void refusesADatabaseBelowTheOldestCompatibleWithTheStepByStepPathWritingNothing() {
        SchemaGate gate = gate(Optional.of(1), 3, 4);
        WaiaasException e = assertThrows(WaiaasException.class, gate::apply);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "the database is at schema 1, older than schema 3, the oldest this build (waiaas 1.10.0)"
                        + " migrates from; it was left untouched. Step by step: 1. install a waiaas release that migrates"
                        + " schema 1 to at least 3 (its package.json declares waiaas.minCompatibleSchemaVersion <= 1 and"
                        + " waiaas.schemaVersion >= 3); 2. run: waiaas db migrate; 3. run: waiaas upgrade",
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertEquals(0, migrator.migrations());
        assertEquals(List.of(), backups.list());
    }

    /** Return the stop advisor asking {@code registry}, as the wiring builds it. */
    private static StopAdvisor advisor(InMemoryVersionSource registry) {
        return new RegistryStopAdvisor(registry, StopAdvisorContract.CLI, StopAdvisorContract.AMPLE);
    }

    @Test
    void namesTheConcreteIntermediateVersionsWhenTheAdvisorKnowsThem() {
        gate(Optional.of(1), 3, 4);
        PublishedPackages published = new PublishedPackages();
        StopAdvisorContract.release(published, "1.2.0", 3, 1);
        StopAdvisorContract.release(published, BUILD.toString(), 4, 3);
        SchemaGate gate = new SchemaGate(
                history,
                migrator,
                backups,
                BackupPolicy.keepNewest(2),
                BUILD,
                log,
                advisor(new InMemoryVersionSource(published)));
        WaiaasException e = assertThrows(WaiaasException.class, gate::apply);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "the database is at schema 1, older than schema 3, the oldest this build (waiaas 1.10.0)"
                        + " migrates from; it was left untouched. Step by step: 1. install waiaas 1.2.0 (waiaas upgrade"
                        + " --to 1.2.0 --allow-downgrade); 2. run: waiaas db migrate; 3. run: waiaas upgrade",
                e.getMessage());
        assertEquals(0, migrator.migrations());
    }

    @Test
    void asksTheAdvisorOnlyWhenRefusingATooOldDatabase() {
        gate(Optional.of(2), 1, 4);
        InMemoryVersionSource registry =
                new InMemoryVersionSource(StopAdvisorContract.release(new PublishedPackages(), "1.2.0", 3, 1));
        SchemaGate gate =
                new SchemaGate(history, migrator, backups, BackupPolicy.keepNewest(2), BUILD, log, advisor(registry));
        gate.apply();
        assertEquals(Optional.of(SchemaVersion.of(4)), history.current());
        assertEquals(0, registry.calls(), "the registry was asked");
    }

    @Test
    void inspectsWithoutWritingAndSharesTheDecisionOfApply() {
        SchemaGate gate = gate(Optional.of(2), 1, 4);
        SchemaReport report = gate.inspect();
        assertEquals(
                new SchemaReport(
                        Optional.of(SchemaVersion.of(2)),
                        SchemaVersion.of(4),
                        SchemaVersion.of(1),
                        new SchemaCompatibility.MigrationRequired(SchemaVersion.of(2), SchemaVersion.of(4))),
                report);
        assertEquals(0, migrator.migrations());
        assertEquals(List.of(), backups.list());
        assertInstanceOf(
                SchemaCompatibility.MigrationRequired.class, gate.apply().decision());
    }

    // ---- restore_on_downgrade (DOCK-B3) ----

    /** The scene of a pinned older build: this build (schemas 1..3) ran, then build 1.11.0 migrated 3 → 4. */
    private SchemaGate migratedByANewerBuild() {
        SchemaGate gate = gate(Optional.of(3), 1, 3);
        data.putAll(Map.of("before", "the upgrade"));
        backups.create(BackupReason.PRE_MIGRATION, Version.parse("1.11.0"));
        clock.advance(Duration.ofMinutes(1));
        history.moveTo(SchemaVersion.of(4));
        data.putAll(Map.of("after", "the upgrade"));
        return gate;
    }

    @Test
    void restoresTheBackupTakenBeforeANewerBuildMigratedKeepingTheNewerData() {
        SchemaGate gate = migratedByANewerBuild().restoringOnDowngrade(true);

        MigrationResult result = gate.apply();

        assertEquals(new SchemaCompatibility.UpToDate(SchemaVersion.of(3)), result.decision());
        assertEquals(Optional.of(SchemaVersion.of(3)), history.current());
        assertEquals(Map.of("before", "the upgrade"), data.snapshot());
        BackupManifest kept = backups.list().stream()
                .filter(b -> b.reason() == BackupReason.PRE_ROLLBACK)
                .findFirst()
                .orElseThrow();
        assertEquals(Optional.of(SchemaVersion.of(4)), kept.schemaVersion(), "the newer data is kept");
        assertEquals(
                List.of("WARN the database was at schema 4, newer than schema 3 of this build (waiaas 1.10.0):"
                        + " restored backup pre-migration-1.11.0-20261126060000 (schema 3, taken before waiaas 1.11.0"
                        + " migrated it; restore_on_downgrade = true); the data it replaced is kept in backup "
                        + kept.id()),
                lines());
    }

    @Test
    void refusesADatabaseAheadWithoutTheSettingEvenWithABackupToRestore() {
        SchemaGate gate = migratedByANewerBuild();
        WaiaasException e = assertThrows(WaiaasException.class, gate::apply);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(Optional.of(SchemaVersion.of(4)), history.current());
        assertEquals(Map.of("before", "the upgrade", "after", "the upgrade"), data.snapshot());
        assertEquals(1, backups.list().size());
    }

    @Test
    void refusesWhenTheNewestPreMigrationBackupHoldsASchemaThisBuildDoesNotRun() {
        SchemaGate gate = migratedByANewerBuild().restoringOnDowngrade(true);
        // a second migration, 4 -> 5, by an even newer build: its backup holds schema 4
        backups.create(BackupReason.PRE_MIGRATION, Version.parse("1.12.0"));
        history.moveTo(SchemaVersion.of(5));

        WaiaasException e = assertThrows(WaiaasException.class, gate::apply);

        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(
                e.getMessage()
                        .endsWith("; restore_on_downgrade found no pre-migration backup at a schema this build runs"
                                + " (1 to 3) as the newest pre-migration backup"),
                e.getMessage());
        assertEquals(Optional.of(SchemaVersion.of(5)), history.current());
        assertEquals(2, backups.list().size(), "nothing restored, nothing kept");
    }

    @Test
    void refusesLeavingEverythingWhenTheRestoreFails() {
        SchemaGate gate = migratedByANewerBuild().restoringOnDowngrade(true);
        backups.failures()
                .failNext("restore", ApplicationException.refused("backup pre-migration-1.11.0-x is damaged"));

        WaiaasException e = assertThrows(WaiaasException.class, gate::apply);

        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(e.getMessage().startsWith("the database is at schema 4, newer than schema 3"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("; restore_on_downgrade could not restore backup"
                                + " pre-migration-1.11.0-20261126060000: backup pre-migration-1.11.0-x is damaged"),
                e.getMessage());
        assertEquals(Optional.of(SchemaVersion.of(4)), history.current());
        assertEquals(Map.of("before", "the upgrade", "after", "the upgrade"), data.snapshot());
    }

    /** The read-only check a daemon makes before it binds agrees with apply(): a restorable database passes. */
    @Test
    void theCheckBeforeBindingLetsARestorableDatabasePassAndRefusesAnUnrestorableOneReadingOnly() {
        SchemaGate gate = migratedByANewerBuild().restoringOnDowngrade(true);
        gate.refuseIfIncompatible();
        assertEquals(Optional.of(SchemaVersion.of(4)), history.current(), "the check restores nothing");

        backups.create(BackupReason.PRE_MIGRATION, Version.parse("1.12.0"));
        history.moveTo(SchemaVersion.of(5));
        WaiaasException e = assertThrows(WaiaasException.class, gate::refuseIfIncompatible);
        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(e.getMessage().contains("restore_on_downgrade found no pre-migration backup"), e.getMessage());
        assertEquals(Optional.of(SchemaVersion.of(5)), history.current());
        assertEquals(2, backups.list().size(), "nothing restored, nothing kept");
        assertEquals(List.of(), lines());
    }

    @Test
    void restoresNothingForADatabaseThisBuildRuns() {
        SchemaGate gate = gate(Optional.of(3), 1, 3).restoringOnDowngrade(true);
        backups.create(BackupReason.PRE_MIGRATION, BUILD);
        assertEquals(
                new SchemaCompatibility.UpToDate(SchemaVersion.of(3)),
                gate.apply().decision());
        assertEquals(1, backups.list().size());
        assertEquals(List.of(), lines());
    }
}
