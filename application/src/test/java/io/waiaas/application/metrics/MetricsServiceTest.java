package io.waiaas.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.daemon.KnownRelease;
import io.waiaas.application.port.in.MetricsSnapshot;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.testkit.InMemoryBackupStore;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.application.testkit.InMemoryUpgradeHistory;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.LastCheck;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.UpgradeTally;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsServiceTest {
    private static final Version INSTALLED = Version.parse("1.9.0");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final KnownRelease knownRelease = new KnownRelease();
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    private final InMemorySchemaHistory schema = new InMemorySchemaHistory();
    private final InMemoryBackupStore backups = new InMemoryBackupStore(store, schema, clock);
    private final InMemoryUpgradeHistory history = new InMemoryUpgradeHistory();
    private final MetricsService metrics = new MetricsService(INSTALLED, knownRelease, store, history, backups, schema);

    @Test
    void knowsOnlyTheInstalledVersionOnAFreshDataDir() {
        assertEquals(
                new MetricsSnapshot(
                        INSTALLED,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(UpgradeTally.of(List.of())),
                        Optional.empty(),
                        Optional.empty()),
                metrics.read());
        assertFalse(metrics.read().updateAvailable());
    }

    @Test
    void reportsTheLatestReleaseFromMemoryAsHealthDoes() {
        knownRelease.update(Version.parse("1.10.0"));
        MetricsSnapshot read = metrics.read();
        assertEquals(Optional.of(Version.parse("1.10.0")), read.latest());
        assertTrue(read.updateAvailable());

        knownRelease.update(Version.parse("1.9.0"));
        assertFalse(metrics.read().updateAvailable(), "the same version is no update");
        knownRelease.update(Version.parse("1.9.0-rc.1"));
        assertFalse(metrics.read().updateAvailable(), "an older pre-release is no update");
    }

    @Test
    void reportsTheLastCheckAndWhetherItFailed() {
        store.putAll(Map.of(StoredRelease.CHECKED_AT_KEY, "1000"));
        assertEquals(
                Optional.of(new LastCheck(Instant.ofEpochSecond(1000), LastCheck.Result.OK)),
                metrics.read().lastCheck());

        store.putAll(Map.of(StoredRelease.ERROR_KEY, "registry down", StoredRelease.FAILED_AT_KEY, "1060"));
        assertEquals(
                Optional.of(new LastCheck(Instant.ofEpochSecond(1060), LastCheck.Result.FAILED)),
                metrics.read().lastCheck());
    }

    @Test
    void reportsTheNewestBackupOfAnyReason() {
        backups.create(BackupReason.MANUAL, INSTALLED);
        clock.advance(Duration.ofHours(1));
        store.putAll(Map.of("rows", "x".repeat(500)));
        var newest = backups.create(BackupReason.PRE_UPGRADE, INSTALLED);

        assertEquals(
                Optional.of(new MetricsSnapshot.LastBackup(Instant.parse("2026-12-01T11:00:00Z"), newest.size())),
                metrics.read().lastBackup());
        assertTrue(newest.size() > 500, "the size is the backup's own, not a constant");
    }

    @Test
    void reportsTheSchemaTheDatabaseIsAt() {
        schema.moveTo(SchemaVersion.of(7));
        assertEquals(Optional.of(SchemaVersion.of(7)), metrics.read().schema());
    }

    @Test
    void countsTheUpgradeHistoryAsItIsWhenScraped() {
        history.record(UpgradeRecord.started(clock.instant(), INSTALLED, Version.parse("1.10.0")));
        history.record(ended(UpgradeRecord.Action.UPGRADE, UpgradeRecord.Result.UPGRADED));
        UpgradeTally first = metrics.read().upgrades().orElseThrow();
        assertEquals(1, first.started());
        assertEquals(1, first.count(UpgradeRecord.Action.UPGRADE, UpgradeRecord.Result.UPGRADED));

        history.record(ended(UpgradeRecord.Action.ROLLBACK, UpgradeRecord.Result.REVERTED));
        UpgradeTally later = metrics.read().upgrades().orElseThrow();
        assertEquals(1, later.count(UpgradeRecord.Action.ROLLBACK, UpgradeRecord.Result.REVERTED));
        assertEquals(1, later.count(UpgradeRecord.Action.UPGRADE, UpgradeRecord.Result.UPGRADED));
        assertEquals(0, later.count(UpgradeRecord.Action.RECOVERY, UpgradeRecord.Result.ROLLED_BACK));
    }

    @Test
    void leavesOutTheUpgradeCountsWhenTheHistoryCannotBeRead() {
        history.record(UpgradeRecord.started(clock.instant(), INSTALLED, Version.parse("1.10.0")));
        schema.moveTo(SchemaVersion.of(3));
        history.failures().failAlways("all", new IllegalStateException("history unreadable"));

        MetricsSnapshot read = metrics.read();

        assertEquals(Optional.empty(), read.upgrades(), "unknown, not zero");
        assertEquals(Optional.of(SchemaVersion.of(3)), read.schema());
    }

    @Test
    void leavesOutWhatCannotBeReadAndStillReportsTheRest() {
        backups.create(BackupReason.MANUAL, INSTALLED);
        schema.moveTo(SchemaVersion.of(3));
        backups.failures().failAlways("list", new IllegalStateException("backups unreadable"));

        MetricsSnapshot read = metrics.read();

        assertEquals(Optional.empty(), read.lastBackup());
        assertEquals(Optional.of(SchemaVersion.of(3)), read.schema());
        assertEquals(INSTALLED, read.installed());
    }

    private UpgradeRecord ended(UpgradeRecord.Action action, UpgradeRecord.Result result) {
        return new UpgradeRecord(
                clock.instant(),
                action,
                result,
                Optional.of(INSTALLED),
                Optional.of(Version.parse("1.10.0")),
                Optional.empty());
    }
}
