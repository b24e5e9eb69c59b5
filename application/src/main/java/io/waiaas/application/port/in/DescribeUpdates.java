package io.waiaas.application.port.in;

import io.waiaas.domain.AutoApply;
import io.waiaas.domain.MaintenanceWindow;
import io.waiaas.domain.UpgradeRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Tell how this installation is updated: unattended or by an operator, and how the last upgrade ended. */
public interface DescribeUpdates {

    /** Return the report; an upgrade history that cannot be read leaves {@code last} empty. */
    Report describe();

    /**
     * How updates are applied here.
     *
     * @param autoApply which updates the daemon applies by itself
     * @param windows when, in local time
     * @param last the last entry of the upgrade history that is not a start: how the last upgrade, rollback or
     *     recovery ended
     */
    record Report(AutoApply autoApply, List<MaintenanceWindow> windows, Optional<UpgradeRecord> last) {
        public Report {
            Objects.requireNonNull(autoApply, "autoApply");
            windows = List.copyOf(windows);
            Objects.requireNonNull(last, "last");
        }
    }
}
