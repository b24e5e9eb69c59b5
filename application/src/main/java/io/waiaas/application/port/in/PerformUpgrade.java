package io.waiaas.application.port.in;

import io.waiaas.domain.UpgradeOutcome;
import java.util.Optional;

/**
 * Move this installation to another release, and back (UPGR-01..07, UPGR-B1..B6).
 *
 * <p>An upgrade is two calls: {@link #plan} runs step 1 and changes nothing; {@link #execute} carries the plan out.
 * Between them the caller shows the plan, asks the operator when it passes through required stops, or stops at a dry
 * run. Every call first completes or rolls back an upgrade that was interrupted before (UPGR-B5).
 */
public interface PerformUpgrade {

    /**
     * Run step 1: resolve the target, plan the route through required stops, and check everything that can be
     * checked before anything changes.
     *
     * @return {@link UpgradeOutcome.UpToDate}, {@link UpgradeOutcome.Planned} or {@link UpgradeOutcome.Refused}
     */
    UpgradeOutcome plan(UpgradeRequest request, UpgradeListener listener);

    /**
     * Carry out {@code plan} in steps 2 to 7, one full upgrade per stop of its route, rolling back automatically if
     * steps 2 to 7 fail. The plan's checks run again first, under the upgrade lock.
     *
     * @return how it ended; its exit code is the command's
     */
    UpgradeOutcome execute(UpgradeOutcome.Planned plan, UpgradeListener listener);

    /**
     * Go back to the state before the most recent upgrade: the previous code and the data of its pre-upgrade
     * backup, keeping the replaced data as a pre-rollback backup.
     *
     * @param noStart whether the daemon stays stopped afterwards
     */
    UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener);

    /**
     * Say which way {@link #rollBack} would go back, changing nothing ({@code --rollback --dry-run}, UPGR-B9): the
     * backup, and whether the data would be migrated down (keeping the writes made since) or restored (and then how
     * many rows of which tables would be only in the pre-rollback backup).
     *
     * @throws io.waiaas.domain.WaiaasException when there is nothing to roll back to, as {@link #rollBack} would
     */
    RollbackPlan planRollback(UpgradeListener listener);

    /**
     * Complete an upgrade or rollback that was interrupted (a crash, {@code kill -9}, power loss): finish one that
     * had switched versions, roll back any other. Does nothing when none was under way.
     *
     * @param restartDaemon whether to start the daemon again if it ran before (false when the caller is about to
     *     start it itself, as {@code waiaas start} is); a daemon the interrupted upgrade had started is waited for
     *     either way
     * @return what was done, or empty when there was nothing to recover
     */
    Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener);
}
