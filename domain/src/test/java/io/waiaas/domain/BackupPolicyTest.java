package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-26T06:00:00Z");

    private static BackupManifest backup(BackupReason reason, String version, int minutes) {
        Instant at = T0.plusSeconds(60L * minutes);
        return new BackupManifest(
                BackupId.of(reason, Version.parse(version), at),
                reason,
                Version.parse(version),
                Optional.of(SchemaVersion.of(1)),
                at,
                List.of());
    }

    @Test
    void keepsTheNewestOfEachReasonByCreationTimeNotByName() {
        List<BackupManifest> all = new ArrayList<>();
        String[] versions = {"1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.9.0", "1.10.0"};
        for (int i = 0; i < versions.length; i++) {
            all.add(backup(BackupReason.PRE_UPGRADE, versions[i], i));
        }
        all.add(backup(BackupReason.MANUAL, "1.0.0", -100));
        List<BackupManifest> expired = BackupPolicy.keepNewest(5).expired(all);
        assertEquals(List.of(all.get(1), all.get(0)), expired);
    }

    @Test
    void expiresNothingWhenEveryReasonHasFewEnough() {
        List<BackupManifest> all =
                List.of(backup(BackupReason.PRE_UPGRADE, "1.0.0", 0), backup(BackupReason.MANUAL, "1.0.0", 1));
        assertEquals(List.of(), BackupPolicy.keepNewest(1).expired(all));
    }

    @Test
    void refusesToKeepFewerThanOne() {
        assertThrows(DomainException.class, () -> BackupPolicy.keepNewest(0));
    }

    @Test
    void namesABackupByReasonVersionAndUtcSecond() {
        BackupId id = BackupId.of(
                BackupReason.PRE_UPGRADE, Version.parse("1.9.0"), Instant.parse("2026-11-26T06:07:08.900Z"));
        assertEquals("pre-upgrade-1.9.0-20261126060708", id.value());
        assertEquals("pre-upgrade-1.9.0-20261126060708-2", id.withSequence(2).value());
    }

    @Test
    void refusesBackupIdsThatCouldEscapeTheBackupsDirectory() {
        assertThrows(DomainException.class, () -> BackupId.of("../etc"));
        assertThrows(DomainException.class, () -> BackupId.of("a/b"));
        assertThrows(DomainException.class, () -> BackupId.of(".hidden"));
        assertThrows(DomainException.class, () -> BackupId.of(""));
    }

    @Test
    void parsesEveryReasonByItsLabel() {
        for (BackupReason reason : BackupReason.values()) {
            assertEquals(reason, BackupReason.parse(reason.label()));
        }
        assertEquals("pre-update", BackupReason.PRE_UPDATE.label());
        assertThrows(DomainException.class, () -> BackupReason.parse("weekly"));
    }
}
