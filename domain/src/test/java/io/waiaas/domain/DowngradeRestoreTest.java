package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DowngradeRestoreTest {
    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");

    /**
     * A build running schemas 2..3. Backups are given as "reason@schema@minute" (schema "-" for none), in list order;
     * the expected backup by its minute, or "none".
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "pre-migration@3@10                          | 10",
                "pre-migration@2@10                          | 10",
                "pre-migration@4@10                          | none",
                "pre-migration@1@10                          | none",
                "pre-migration@-@10                          | none",
                "manual@3@10                                 | none",
                "pre-upgrade@3@10 pre-rollback@3@20           | none",
                "pre-migration@3@10 pre-migration@3@20        | 20",
                "pre-migration@3@20 pre-migration@3@10        | 20",
                "pre-migration@3@10 pre-migration@4@20        | none",
                "pre-migration@3@10 manual@4@30               | 10",
                "pre-migration@4@10 pre-upgrade@3@20          | none",
                "''                                          | none",
            })
    void choosesOnlyTheNewestPreMigrationBackupAtASchemaThisBuildRuns(String backups, String expected) {
        List<BackupManifest> all = Arrays.stream(backups.strip().split(" +"))
                .filter(s -> !s.isEmpty())
                .map(DowngradeRestoreTest::backup)
                .toList();
        Optional<BackupManifest> chosen = DowngradeRestore.choose(all, SchemaVersion.of(2), SchemaVersion.of(3));
        assertEquals(
                expected.equals("none")
                        ? Optional.empty()
                        : Optional.of(T0.plusSeconds(60L * Long.parseLong(expected))),
                chosen.map(BackupManifest::createdAt));
    }

    private static BackupManifest backup(String spec) {
        String[] parts = spec.split("@");
        BackupReason reason = Arrays.stream(BackupReason.values())
                .filter(r -> r.toString().equals(parts[0]) || r.name().equalsIgnoreCase(parts[0].replace('-', '_')))
                .findFirst()
                .orElseThrow();
        Instant at = T0.plusSeconds(60L * Long.parseLong(parts[2]));
        Optional<SchemaVersion> schema =
                parts[1].equals("-") ? Optional.empty() : Optional.of(SchemaVersion.of(Integer.parseInt(parts[1])));
        return new BackupManifest(
                BackupId.of(reason, Version.parse("1.1.0"), at), reason, Version.parse("1.1.0"), schema, at, List.of());
    }
}
