package io.waiaas.application.port.in;

import io.waiaas.domain.UpgradeOutcome;
import java.util.Optional;

/** Move this installation to another release, and back (SPEC UPGR-01..07, UPGR-B1..B6). */
public interface PerformUpgrade {

    /**
     * Upgrade in the seven announced steps, rolling back automatically if steps 4 to 7 fail.
     *
     * @return how it ended; its exit code is the command's
     */
    UpgradeOutcome upgrade(UpgradeRequest request, UpgradeListener listener);

    /**
     * Go back to the state before the most recent upgrade: the previous code and the data of its pre-upgrade
     * backup, keeping the replaced data as a pre-rollback backup.
     *
     * @param noStart whether the daemon stays stopped afterwards
     */
    UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener);

    /**
     * Complete an upgrade or rollback that was interrupted (a crash, {@code kill -9}, power loss): finish one that
     * had switched versions, roll back any other. Does nothing when none was under way.
     *
     * @param restartDaemon whether to start the daemon again if it ran before (false when the caller is about to
     *     start it itself, as {@code waiaas start} is)
     * @return what was done, or empty when there was nothing to recover
     */
    Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener);
}
