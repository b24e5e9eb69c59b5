package io.waiaas.application.port.out;

import io.waiaas.domain.UpgradeRecord;
import java.util.List;

/**
 * The data dir's history of upgrades, rollbacks and recoveries, kept outside the database so that restoring a
 * snapshot never takes it back. Metrics, webhooks and unattended updates read it.
 */
public interface UpgradeHistory {

    /**
     * Append {@code entry} durably.
     *
     * @throws io.waiaas.application.ApplicationException when it cannot be written
     */
    void record(UpgradeRecord entry);

    /** Return every entry, oldest first; a last line torn by a crash is left out. */
    List<UpgradeRecord> all();
}
