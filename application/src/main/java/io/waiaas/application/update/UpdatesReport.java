package io.waiaas.application.update;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.DescribeUpdates;
import io.waiaas.application.port.out.UpgradeHistory;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.MaintenanceWindow;
import io.waiaas.domain.UpgradeRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Report the unattended-update settings and how the last upgrade ended, for {@code waiaas status}. */
public final class UpdatesReport implements DescribeUpdates {
    private final AutoApply autoApply;
    private final List<MaintenanceWindow> windows;
    private final UpgradeHistory history;

    public UpdatesReport(AutoApply autoApply, List<MaintenanceWindow> windows, UpgradeHistory history) {
        this.autoApply = Objects.requireNonNull(autoApply, "autoApply");
        this.windows = List.copyOf(windows);
        this.history = Objects.requireNonNull(history, "history");
    }

    @Override
    public Report describe() {
        Optional<UpgradeRecord> last;
        try {
            last = history.all().reversed().stream()
                    .filter(r -> r.result() != UpgradeRecord.Result.STARTED)
                    .findFirst();
        } catch (ApplicationException e) {
            last = Optional.empty(); // status must answer; the history is for information only
        }
        return new Report(autoApply, windows, last);
    }
}
