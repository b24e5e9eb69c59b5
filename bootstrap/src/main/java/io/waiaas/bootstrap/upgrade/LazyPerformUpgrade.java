package io.waiaas.bootstrap.upgrade;

import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.domain.UpgradeOutcome;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Build the upgrade service only when it has work: every {@code start} asks it to recover an interrupted upgrade,
 * and almost always the journal says there is none. Building the service opens the database and sets up the
 * registry client; {@code start -d} should spawn the daemon instead (docs/performance.md, P2).
 */
public final class LazyPerformUpgrade implements PerformUpgrade {
    private final UpgradeJournal journal;
    private final Supplier<PerformUpgrade> service;
    private PerformUpgrade built;

    /** Create the port over {@code service}, built at first need; {@code journal} decides whether recovery is one. */
    public LazyPerformUpgrade(UpgradeJournal journal, Supplier<PerformUpgrade> service) {
        this.journal = journal;
        this.service = service;
    }

    @Override
    public UpgradeOutcome upgrade(UpgradeRequest request, UpgradeListener listener) {
        return service().upgrade(request, listener);
    }

    @Override
    public UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener) {
        return service().rollBack(noStart, listener);
    }

    @Override
    public Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener) {
        return journal.read().isEmpty() ? Optional.empty() : service().recover(restartDaemon, listener);
    }

    private synchronized PerformUpgrade service() {
        if (built == null) {
            built = service.get();
        }
        return built;
    }
}
