package io.waiaas.bootstrap;

import io.waiaas.application.notify.WebhookService;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.RollbackPlan;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.domain.UpgradeOutcome;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Run {@code waiaas upgrade} and then one bounded webhook pass (OPS-03): after a failed rollback no daemon may be
 * running to deliver the events, so the upgrade process posts what its history holds before it exits, for at most
 * {@link #BUDGET}; what is left (a receiver down) the daemon, or the next upgrade, delivers later.
 */
final class DeliveringUpgrade implements PerformUpgrade {
    /** The longest the end of an upgrade waits for the webhook receiver. */
    static final Duration BUDGET = Duration.ofSeconds(5);

    private final PerformUpgrade upgrade;
    private final WebhookService webhooks;

    DeliveringUpgrade(PerformUpgrade upgrade, WebhookService webhooks) {
        this.upgrade = Objects.requireNonNull(upgrade, "upgrade");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    }

    /** Plan only: a plan, refused or not, is not recorded in the history, so there is nothing to deliver. */
    @Override
    public UpgradeOutcome plan(UpgradeRequest request, UpgradeListener listener) {
        return upgrade.plan(request, listener);
    }

    @Override
    public UpgradeOutcome execute(UpgradeOutcome.Planned plan, UpgradeListener listener) {
        try {
            return upgrade.execute(plan, listener);
        } finally {
            webhooks.deliverWithin(BUDGET);
        }
    }

    @Override
    public UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener) {
        try {
            return upgrade.rollBack(noStart, listener);
        } finally {
            webhooks.deliverWithin(BUDGET);
        }
    }

    /** A dry run: nothing is recorded, so there is nothing to deliver. */
    @Override
    public RollbackPlan planRollback(UpgradeListener listener) {
        return upgrade.planRollback(listener);
    }

    @Override
    public Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener) {
        try {
            return upgrade.recover(restartDaemon, listener);
        } finally {
            webhooks.deliverWithin(BUDGET);
        }
    }
}
