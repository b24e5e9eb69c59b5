package io.waiaas.application.upgrade;

import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.UpgradeStep;

/**
 * Step 3: the backup taken before an upgrade (UPGR-03, UPGR-06): the database and {@code config.toml} of the version
 * being left, verified, its id recorded in the journal before anything else changes; then the oldest pre-upgrade
 * backups beyond {@code [backup] keep} are removed.
 */
final class PreUpgradeBackup implements RunStep {

    @Override
    public UpgradeStep step() {
        return UpgradeStep.BACKUP;
    }

    @Override
    public String describe(UpgradeRun run) {
        return "backing up the database and config";
    }

    @Override
    public String perform(UpgradeRun run) {
        BackupManifest backup = run.ports()
                .backups()
                .create(BackupReason.PRE_UPGRADE, run.entry().from());
        run.record(run.entry().withBackup(backup.id()));
        try {
            run.ports().backups().prune(run.settings().backups());
        } catch (RuntimeException e) {
            run.listener().note("could not remove old backups: " + Messages.of(e));
        }
        return backup.id().toString();
    }
}
