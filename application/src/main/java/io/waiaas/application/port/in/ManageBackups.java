package io.waiaas.application.port.in;

import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import java.util.List;
import java.util.Optional;

/** Take, list and restore verified backups of the database and {@code config.toml} (BKUP-01..05). */
public interface ManageBackups {

    /**
     * Take a consistent, verified backup now, then remove the backups {@code [backup] keep} no longer keeps.
     *
     * <p>Works while the daemon runs: the snapshot is one read transaction of the live database.
     *
     * @param reason why it is taken; {@link BackupReason#MANUAL} for {@code waiaas backup create}
     */
    BackupCreated create(BackupReason reason);

    /** Return every complete backup, newest first by creation time. */
    List<BackupManifest> list();

    /**
     * Return the backup {@link #restore(BackupId)} (or, for an empty {@code id}, {@link #restoreLatest()}) would put
     * back, so it can be named before the operator confirms; changes nothing.
     *
     * @throws io.waiaas.domain.WaiaasException with exit code 5, as the restore would, when there is no such backup
     */
    BackupManifest toRestore(Optional<BackupId> id);

    /**
     * Put backup {@code id} back in place after verifying its checksums, keeping the replaced data as a
     * {@code pre-rollback} backup.
     *
     * @throws io.waiaas.domain.WaiaasException with exit code 5, changing nothing, when the daemon runs or the
     *     backup is missing or damaged
     */
    RestoreResult restore(BackupId id);

    /**
     * Put the newest backup by creation time back in place, as {@link #restore(BackupId)} does.
     *
     * @throws io.waiaas.domain.WaiaasException with exit code 5, changing nothing, when there is no backup
     */
    RestoreResult restoreLatest();
}
