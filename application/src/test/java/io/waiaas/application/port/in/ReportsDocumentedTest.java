package io.waiaas.application.port.in;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.domain.AutoApply;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.Reason;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookDelivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every key of every {@code --json} report is named in docs/json.md, so the documented shapes cannot fall behind. */
class ReportsDocumentedTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final Version V1 = Version.parse("1.0.0");
    private static final Version V2 = Version.parse("1.1.0");

    @Test
    void everyKeyOfEveryReportIsInTheDocumentedShapes() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "json.md"));
        Set<String> keys = new TreeSet<>();
        collect(Reports.of(TargetCheck.of(V1, V2)), keys);
        collect(
                Reports.of(new DescribeRelease.Details(
                        V1,
                        V2,
                        List.of(new ReleaseNotes(
                                V2,
                                Optional.of(LocalDate.of(2026, 12, 1)),
                                List.of(new ReleaseNotes.Section("Features", List.of("x"))))),
                        0,
                        Optional.of(AT),
                        Optional.of(ReleaseSchema.of(3, 1)),
                        Optional.of(SchemaVersion.of(2)),
                        List.of())),
                keys);
        for (UpgradeOutcome outcome : List.of(
                new UpgradeOutcome.UpToDate(V1),
                new UpgradeOutcome.Planned(V1, V2, true, true, List.of(V2)),
                new UpgradeOutcome.Upgraded(V1, V2, BackupId.of(BackupReason.PRE_UPGRADE, V1, AT)),
                new UpgradeOutcome.Reverted(V2, V1, BackupId.of(BackupReason.PRE_ROLLBACK, V2, AT)),
                new UpgradeOutcome.RolledBack(UpgradeStep.MIGRATE, Reason.UNTRUSTED_RELEASE, "c", V1),
                new UpgradeOutcome.RollbackFailed(
                        UpgradeStep.RESTART, Reason.UNTRUSTED_RELEASE, "c", "r", List.of("step")),
                new UpgradeOutcome.Refused(Reason.UNTRUSTED_RELEASE, "m"))) {
            collect(Reports.of(outcome), keys);
        }
        collect(
                Reports.of(new DaemonStatus.Running(
                        1,
                        3100,
                        new HealthSnapshot(V1, Optional.of(V2), SchemaVersion.of(2), Duration.ofSeconds(5), AT),
                        Optional.of(new CheckFailure("down", AT)))),
                keys);
        collect(Reports.of(new DaemonStatus.Starting(1, 3100)), keys);
        collect(
                Reports.of(new RollbackPlan(
                        V2,
                        V1,
                        BackupId.of(BackupReason.PRE_UPGRADE, V1, AT),
                        Optional.of(SchemaVersion.of(2)),
                        Map.of("key_value_store", 3L))),
                keys);
        collect(
                Reports.of(new DescribeUpdates.Report(
                        AutoApply.PATCH,
                        List.of(),
                        Optional.of(new UpgradeRecord(
                                AT,
                                UpgradeRecord.Action.UPGRADE,
                                UpgradeRecord.Result.UPGRADED,
                                Optional.of(V1),
                                Optional.of(V2),
                                Optional.empty())))),
                keys);
        collect(
                Reports.of(new WebhookReport(
                        Optional.of("https://hooks.example"),
                        Optional.of(new WebhookDelivery(
                                AT, "upgrade.succeeded", "id", WebhookDelivery.Outcome.DELIVERED, "200")))),
                keys);
        collect(
                Reports.of(List.of(new BackupManifest(
                        BackupId.of(BackupReason.MANUAL, V1, AT),
                        BackupReason.MANUAL,
                        V1,
                        Optional.of(SchemaVersion.of(2)),
                        AT,
                        List.of(new BackupFile("waiaas.db", 1, "0".repeat(64)))))),
                keys);

        assertEquals(
                Set.of(),
                keys.stream().filter(k -> !doc.contains("`" + k + "`")).collect(Collectors.toSet()),
                "keys of a --json report not named in docs/json.md");
        assertTrue(keys.size() > 40, "the reports were walked: " + keys);
    }

    private static void collect(Object value, Set<String> keys) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                keys.add((String) k);
                collect(v, keys);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, keys));
        }
    }
}
