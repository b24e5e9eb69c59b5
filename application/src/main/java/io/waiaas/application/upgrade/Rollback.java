package io.waiaas.application.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.RollbackPlan;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.Reason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Go back to the state before the most recent upgrade (UPGR-04): the code of the version its pre-upgrade
 * backup was taken from, and its data: migrated down by the version being left when every migration in between can
 * be undone, keeping the writes made since (UPGR-B9), else that backup's data; either way the data as it was is kept
 * as a pre-rollback backup. Journaled like
 * an upgrade, so a crash half-way is completed by the next command. The caller holds the upgrade lock.
 */
final class Rollback {
    private final UpgradePorts ports;
    private final Version build;
    private final DaemonSupervisor daemons;
    private final Restoration restoration;
    private final UpgradeListener listener;

    Rollback(
            UpgradePorts ports,
            Version build,
            DaemonSupervisor daemons,
            Restoration restoration,
            UpgradeListener listener) {
        this.ports = ports;
        this.build = build;
        this.daemons = daemons;
        this.restoration = restoration;
        this.listener = listener;
    }

    /** Say which way {@link #rollBack} would go back, changing nothing (UPGR-B9). */
    RollbackPlan plan() {
        BackupManifest backup;
        try {
            backup = latestPreUpgrade(ports.backups().list());
        } catch (ApplicationException e) {
            throw e;
        } catch (WaiaasException e) {
            throw ApplicationException.refused(Messages.of(e) + "; nothing was changed");
        }
        Version from =
                ports.installer().current().map(InstalledVersion::version).orElse(build);
        requireRestorable(backup);
        Optional<SchemaVersion> downTo = restoration.wayDown(backup);
        Map<String, Long> onlyInBackup = Map.of();
        if (downTo.isEmpty()) {
            try {
                onlyInBackup = ports.backups().rowsSince(backup.id());
            } catch (RuntimeException e) {
                listener.note("cannot count the rows written since backup " + backup.id() + ": " + Messages.of(e));
            }
        }
        return new RollbackPlan(from, backup.appVersion(), backup.id(), downTo, onlyInBackup);
    }

    private static BackupManifest latestPreUpgrade(List<BackupManifest> backups) {
        return backups.stream()
                .filter(b -> b.reason() == BackupReason.PRE_UPGRADE)
                .findFirst()
                .orElseThrow(() -> ApplicationException.failed(
                        "there is no pre-upgrade backup to roll back to (waiaas backup list shows what there is)"));
    }

    private void requireRestorable(BackupManifest backup) {
        Version to = backup.appVersion();
        if (!ports.installer().canRestore(to)) {
            throw ApplicationException.failed("version " + to + " of backup " + backup.id()
                    + " is no longer installed; install it with: waiaas upgrade --to " + to
                    + " --allow-downgrade, then restore the backup with: waiaas backup restore " + backup.id());
        }
    }

    /** Roll back, starting the daemon again afterwards if it ran and {@code noStart} is false. */
    UpgradeOutcome rollBack(boolean noStart) {
        List<BackupManifest> backups;
        try {
            backups = ports.backups().list();
        } catch (WaiaasException e) {
            return new UpgradeOutcome.Refused(Reason.BACKUPS_UNREADABLE, Messages.of(e) + "; nothing was changed");
        }
        BackupManifest backup = latestPreUpgrade(backups);
        Version from =
                ports.installer().current().map(InstalledVersion::version).orElse(build);
        Version to = backup.appVersion();
        requireRestorable(backup);
        // Before anything stops: what brings `to` back must be here, not behind a network that may be gone.
        Optional<String> noWayBack = ports.installer().holdForRestore(to);
        if (noWayBack.isPresent()) {
            return new UpgradeOutcome.Refused(
                    Reason.NO_WAY_BACK,
                    "cannot roll back to " + to + ": " + noWayBack.get() + "; nothing was changed, " + from + " stays");
        }
        boolean running = daemons.running();
        Optional<SchemaVersion> downTo = restoration.wayDown(backup);
        if (downTo.isEmpty()) {
            Optional<UpgradeOutcome.Refused> unconfirmed = confirmRestore(backup, from, to);
            if (unconfirmed.isPresent()) {
                return unconfirmed.get();
            }
        }
        JournalEntry started = JournalEntry.rollback(from, to, backup.id(), running);
        JournalEntry entry = downTo.map(started::migratingDownTo).orElse(started);
        Optional<UpgradeOutcome.Refused> unwritable = JournalStart.begin(ports.journal(), entry);
        if (unwritable.isPresent()) {
            return unwritable.get();
        }
        listener.note("rolling back " + from + " \u2192 " + to
                + downTo.map(s -> ", migrating the data down to schema " + s + ": every write it can hold stays")
                        .orElse(" with backup " + backup.id()));
        Restoration.Target target = new Restoration.Target(
                        to, from, true, Optional.of(backup.id()), Optional.empty(), running && !noStart)
                .migratingDownTo(downTo);
        try {
            Optional<BackupManifest> kept = restoration.putBack(
                    target,
                    () -> ports.journal().record(entry.at(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED)),
                    () -> ports.journal().record(entry.at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE)));
            return new UpgradeOutcome.Reverted(
                    from,
                    to,
                    kept.map(BackupManifest::id)
                            .orElseThrow(() ->
                                    ApplicationException.failed("the restore kept no copy of the replaced data")));
        } catch (Restoration.Failed e) {
            boolean unchanged = e.step() == UpgradeStep.INSTALL && !e.dataChanged() && stillCurrent(from);
            if (unchanged) {
                // The old code did not come back and the data was not touched: nothing is left to complete.
                forgetJournal();
            }
            return new UpgradeOutcome.RollbackFailed(
                    e.step(),
                    Reason.failedAt(e.step()),
                    "the rollback " + from + " \u2192 " + to + " failed"
                            + (unchanged ? "; nothing was changed, " + from + " stays with its data" : ""),
                    e.getMessage(),
                    e.manualSteps());
        }
    }

    /**
     * Say, before anything stops, how many rows of which tables restoring {@code backup} leaves only in the
     * pre-rollback backup, and ask to go on when there are any (UPGR-B9).
     */
    private Optional<UpgradeOutcome.Refused> confirmRestore(BackupManifest backup, Version from, Version to) {
        Map<String, Long> since;
        try {
            since = ports.backups().rowsSince(backup.id());
        } catch (RuntimeException e) {
            listener.note("cannot count the rows written since backup " + backup.id() + " (" + Messages.of(e)
                    + "); whatever they are, they stay in the pre-rollback backup");
            return Optional.empty();
        }
        if (since.isEmpty()) {
            return Optional.empty();
        }
        long rows = since.values().stream().mapToLong(Long::longValue).sum();
        listener.note("restoring backup " + backup.id() + " leaves "
                + since.entrySet().stream()
                        .map(e -> e.getValue() + (e.getValue() == 1 ? " row of " : " rows of ") + e.getKey())
                        .collect(Collectors.joining(", "))
                + ", written or changed since it was taken, only in the pre-rollback backup");
        if (listener.confirm("Roll back " + from + " \u2192 " + to + ", keeping " + rows
                + (rows == 1 ? " row" : " rows") + " written since the upgrade only in a backup?")) {
            return Optional.empty();
        }
        return Optional.of(new UpgradeOutcome.Refused(
                Reason.NOT_CONFIRMED,
                "the rollback " + from + " \u2192 " + to + " was not confirmed; nothing changed (add --yes to"
                        + " confirm)"));
    }

    private boolean stillCurrent(Version version) {
        try {
            return ports.installer()
                    .current()
                    .map(InstalledVersion::version)
                    .orElse(build)
                    .equals(version);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void forgetJournal() {
        try {
            ports.journal().clear();
        } catch (RuntimeException e) {
            listener.note("could not remove the journal (" + Messages.of(e) + "); the next command tries the"
                    + " rollback again");
        }
    }
}
