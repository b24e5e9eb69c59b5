package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.BackupStore;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link BackupStore} must show. */
public interface BackupStoreContract {
    Version V1_9_0 = Version.parse("1.9.0");
    Version V1_10_0 = Version.parse("1.10.0");

    /** Create a store with no backups over live data holding nothing, its clock at 2026-11-26T06:00:00Z. */
    BackupFixture newFixture();

    @Test
    default void createsABackupNamedByReasonVersionAndTime() {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("k", "v"));
        BackupManifest backup = f.store().create(BackupReason.PRE_UPGRADE, V1_9_0);
        assertEquals(BackupId.of("pre-upgrade-1.9.0-20261126060000"), backup.id());
        assertEquals(BackupReason.PRE_UPGRADE, backup.reason());
        assertEquals(V1_9_0, backup.appVersion());
        assertEquals(Instant.parse("2026-11-26T06:00:00Z"), backup.createdAt());
        assertTrue(backup.size() > 0);
        assertEquals(List.of(backup), f.store().list());
        assertEquals(Optional.of(backup), f.store().find(backup.id()));
    }

    @Test
    default void givesTwoBackupsInTheSameSecondDistinctIds() {
        BackupFixture f = newFixture();
        BackupManifest first = f.store().create(BackupReason.MANUAL, V1_9_0);
        BackupManifest second = f.store().create(BackupReason.MANUAL, V1_9_0);
        assertNotEquals(first.id(), second.id());
        assertEquals(2, f.store().list().size());
    }

    @Test
    default void listsNewestFirstByCreationTimeNotByName() {
        BackupFixture f = newFixture();
        BackupManifest older = f.store().create(BackupReason.PRE_UPGRADE, V1_9_0);
        f.clock().advance(Duration.ofMinutes(1));
        BackupManifest newer = f.store().create(BackupReason.PRE_UPGRADE, V1_10_0);
        assertTrue(newer.id().compareTo(older.id()) < 0, "the names sort the other way round");
        assertEquals(List.of(newer, older), f.store().list());
    }

    @Test
    default void findsNothingForAnUnknownId() {
        assertEquals(Optional.empty(), newFixture().store().find(BackupId.of("manual-1.0.0-20200101000000")));
    }

    @Test
    default void restoresTheDataAsItWasWhenTheBackupWasTaken() {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("k", "before"));
        BackupManifest backup = f.store().create(BackupReason.PRE_UPGRADE, V1_9_0);
        f.live().putAll(Map.of("k", "after", "new", "x"));
        f.clock().advance(Duration.ofMinutes(1));
        f.store().restore(backup.id(), V1_10_0);
        assertEquals(Optional.of("before"), f.live().get("k"));
        assertEquals(Optional.empty(), f.live().get("new"));
    }

    @Test
    default void keepsTheReplacedDataAsAPreRollbackBackup() {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("k", "before"));
        BackupManifest backup = f.store().create(BackupReason.PRE_UPGRADE, V1_9_0);
        f.live().putAll(Map.of("k", "after"));
        f.clock().advance(Duration.ofMinutes(1));
        BackupManifest kept = f.store().restore(backup.id(), V1_10_0).orElseThrow();
        assertEquals(BackupReason.PRE_ROLLBACK, kept.reason());
        assertEquals(V1_10_0, kept.appVersion());
        assertEquals(List.of(kept, backup), f.store().list());
        f.clock().advance(Duration.ofMinutes(1));
        f.store().restore(kept.id(), V1_9_0);
        assertEquals(Optional.of("after"), f.live().get("k"));
    }

    @Test
    default void countsTheRowsWrittenOrChangedSinceABackupPerTable() {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("k", "before", "same", "s"));
        BackupManifest backup = f.store().create(BackupReason.PRE_UPGRADE, V1_9_0);
        assertEquals(Map.of(), f.store().rowsSince(backup.id()), "nothing written since");
        f.clock().advance(Duration.ofMinutes(1));
        f.live().putAll(Map.of("k", "after", "new", "x"));
        assertEquals(Map.of("key_value_store", 2L), f.store().rowsSince(backup.id()));
        assertEquals(Optional.of("after"), f.live().get("k"), "it only reads");
        assertThrows(WaiaasException.class, () -> f.store().rowsSince(BackupId.of("pre-upgrade-0.0.1-20260101000000")));
    }

    @Test
    default void refusesToRestoreAnUnknownBackupAndChangesNothing() {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("k", "live"));
        assertThrows(
                WaiaasException.class, () -> f.store().restore(BackupId.of("manual-1.0.0-20200101000000"), V1_9_0));
        assertEquals(Optional.of("live"), f.live().get("k"));
        assertEquals(List.of(), f.store().list());
    }

    @Test
    default void refusesToRestoreADamagedBackupAndChangesNothing() {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("k", "before"));
        BackupManifest backup = f.store().create(BackupReason.PRE_UPGRADE, V1_9_0);
        f.live().putAll(Map.of("k", "live"));
        f.damage().accept(backup.id());
        assertThrows(WaiaasException.class, () -> f.store().restore(backup.id(), V1_10_0));
        assertEquals(Optional.of("live"), f.live().get("k"));
        assertEquals(
                List.of(backup.id()),
                f.store().list().stream().map(BackupManifest::id).toList());
    }

    @Test
    default void prunesAllButTheNewestOfEachReasonByCreationTime() {
        BackupFixture f = newFixture();
        String[] versions = {"1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.9.0", "1.10.0"};
        for (String version : versions) {
            f.store().create(BackupReason.PRE_UPGRADE, Version.parse(version));
            f.clock().advance(Duration.ofMinutes(1));
        }
        BackupManifest manual = f.store().create(BackupReason.MANUAL, V1_9_0);
        List<BackupId> deleted = f.store().prune(BackupPolicy.keepNewest(5));
        assertEquals(
                List.of("pre-upgrade-1.5.0-20261126060100", "pre-upgrade-1.4.0-20261126060000"),
                deleted.stream().map(BackupId::value).toList());
        List<BackupManifest> left = f.store().list();
        assertEquals(
                List.of("1.10.0", "1.9.0", "1.8.0", "1.7.0", "1.6.0"),
                left.stream()
                        .filter(b -> b.reason() == BackupReason.PRE_UPGRADE)
                        .map(b -> b.appVersion().toString())
                        .toList());
        assertTrue(left.contains(manual));
    }
}
