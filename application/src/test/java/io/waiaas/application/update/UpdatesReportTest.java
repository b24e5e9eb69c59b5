package io.waiaas.application.update;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.DescribeUpdates;
import io.waiaas.application.testkit.InMemoryUpgradeHistory;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.MaintenanceWindow;
import io.waiaas.domain.Reason;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdatesReportTest {
    private static final Instant AT = Instant.parse("2026-12-06T02:01:00Z");
    private final InMemoryUpgradeHistory history = new InMemoryUpgradeHistory();
    private final List<MaintenanceWindow> windows = MaintenanceWindow.parseAll("Sun 02:00-04:00");

    @Test
    void namesTheLastEndNotTheLastStart() {
        UpgradeRecord rolledBack = new UpgradeRecord(
                AT.plusSeconds(30),
                UpgradeRecord.Action.UPGRADE,
                UpgradeRecord.Result.ROLLED_BACK,
                Optional.of(Version.parse("1.4.2")),
                Optional.of(Version.parse("1.4.3")),
                Optional.of(Reason.MIGRATION_FAILED));
        history.record(UpgradeRecord.started(AT, Version.parse("1.4.2"), Version.parse("1.4.3")));
        history.record(rolledBack);
        history.record(UpgradeRecord.started(AT.plusSeconds(60), Version.parse("1.4.2"), Version.parse("1.5.0")));

        assertEquals(
                new DescribeUpdates.Report(AutoApply.PATCH, windows, Optional.of(rolledBack)),
                new UpdatesReport(AutoApply.PATCH, windows, history).describe());
    }

    @Test
    void anEmptyOrUnreadableHistoryHasNoLastUpgrade() {
        assertEquals(
                Optional.empty(),
                new UpdatesReport(AutoApply.OFF, List.of(), history).describe().last());
        history.record(UpgradeRecord.started(AT, Version.parse("1.4.2"), Version.parse("1.4.3")));
        history.failures().failNext("all", ApplicationException.failed("cannot read the upgrade history: I/O error"));
        assertEquals(
                Optional.empty(),
                new UpdatesReport(AutoApply.OFF, List.of(), history).describe().last());
    }
}
