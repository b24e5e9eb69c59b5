package io.waiaas.application.upgrade;

import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.Reason;
import io.waiaas.domain.RecoveryPlan;
import io.waiaas.domain.UpgradeOutcome;
import java.util.Optional;

/**
 * Complete or roll back an upgrade or rollback that a crash interrupted (UPGR-B5), as the pure
 * {@link RecoveryPlan} decides from the journal's last entry. The caller holds the upgrade lock.
 */
final class Recovery {
    private final UpgradePorts ports;
    private final DaemonSupervisor daemons;
    private final Restoration restoration;
    private final UpgradeListener listener;

    Recovery(UpgradePorts ports, DaemonSupervisor daemons, Restoration restoration, UpgradeListener listener) {
        this.ports = ports;
        this.daemons = daemons;
        this.restoration = restoration;
        this.listener = listener;
    }

    /** Recover from the journal, if it shows anything under way. */
    Optional<UpgradeOutcome> recover(boolean restartDaemon) {
        Optional<JournalEntry> found = ports.journal().read();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JournalEntry entry = found.get();
        listener.note("an interrupted " + entry.describe() + " was found");
        return Optional.of(
                switch (RecoveryPlan.decide(entry, restartDaemon)) {
                    case RecoveryPlan.Finish finish -> finish(entry, finish);
                    case RecoveryPlan.RollBack back -> rollBack(entry, back);
                    case RecoveryPlan.CompleteRollback rollback -> completeRollback(entry, rollback);
                });
    }

    private UpgradeOutcome finish(JournalEntry entry, RecoveryPlan.Finish finish) {
        try {
            if (finish.spawned().isPresent()
                    && daemons.awaitStarted(finish.spawned().get(), finish.version())) {
                listener.note("the daemon the interrupted upgrade started serves " + finish.version());
            } else if (finish.startDaemon() && !daemons.running()) {
                daemons.startCurrent(finish.version());
            }
            ports.journal().clear();
        } catch (RuntimeException e) {
            return new UpgradeOutcome.RollbackFailed(
                    entry.step(),
                    Reason.INTERRUPTED,
                    "the upgrade to " + finish.version() + " was interrupted after it switched",
                    Messages.of(e),
                    restoration.manualSteps(new Restoration.Target(
                            finish.version(), entry.from(), false, Optional.empty(), Optional.empty(), true)));
        }
        listener.note("finished the upgrade to " + finish.version());
        return new UpgradeOutcome.Upgraded(
                entry.from(), finish.version(), entry.backup().orElseGet(() -> BackupId.of("none")));
    }

    private UpgradeOutcome rollBack(JournalEntry entry, RecoveryPlan.RollBack back) {
        Restoration.Target target = new Restoration.Target(
                back.version(),
                back.replaced(),
                back.restoreCode(),
                back.restoreData(),
                back.spawned(),
                back.startDaemon());
        String cause = "the upgrade to " + back.replaced() + " was interrupted at step "
                + entry.step().number() + " (" + entry.step().label() + ")";
        try {
            restoration.putBack(target);
        } catch (Restoration.Failed e) {
            return new UpgradeOutcome.RollbackFailed(
                    entry.step(), Reason.INTERRUPTED, cause, e.getMessage(), e.manualSteps());
        }
        listener.note("rolled back to " + back.version());
        return new UpgradeOutcome.RolledBack(entry.step(), Reason.INTERRUPTED, cause, back.version());
    }

    private UpgradeOutcome completeRollback(JournalEntry entry, RecoveryPlan.CompleteRollback rollback) {
        Restoration.Target target = new Restoration.Target(
                        rollback.version(),
                        rollback.leaving(),
                        true,
                        rollback.restoreData(),
                        Optional.empty(),
                        rollback.startDaemon(),
                        rollback.restoreData().isEmpty())
                .migratingDownTo(rollback.migrateDownTo());
        if (rollback.restoreData().isEmpty()) {
            listener.note("the data had been restored already");
        }
        Optional<BackupManifest> kept;
        try {
            kept = restoration.putBack(target);
        } catch (Restoration.Failed e) {
            return new UpgradeOutcome.RollbackFailed(
                    entry.step(),
                    Reason.INTERRUPTED,
                    "the rollback to " + rollback.version() + " was interrupted",
                    e.getMessage(),
                    e.manualSteps());
        }
        listener.note("completed the rollback to " + rollback.version());
        BackupId keptId = kept.map(BackupManifest::id)
                .or(() -> ports.backups().list().stream()
                        .filter(b -> b.reason() == BackupReason.PRE_ROLLBACK)
                        .findFirst()
                        .map(BackupManifest::id))
                .orElseGet(() -> BackupId.of("none"));
        return new UpgradeOutcome.Reverted(rollback.leaving(), rollback.version(), keptId);
    }
}
