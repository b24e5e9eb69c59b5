package io.waiaas.application.port.out;

import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keep verified backups of the database and {@code config.toml} (BKUP-01..05, UPGR-03/04/06).
 *
 * <p>A backup is either complete, with a manifest whose checksums prove it intact, or invisible: a crash while one
 * is written never leaves a partial backup that {@link #list()} shows. {@link #create} may run while the daemon
 * runs. {@link #restore} must not: the caller (the application) stops the daemon, or refuses, before calling it.
 */
public interface BackupStore {

    /**
     * Take a consistent, verified backup of the database and the config file now.
     *
     * @param reason why it is taken; starts the backup's id
     * @param fromVersion the waiaas version whose data it holds; part of the id
     * @return the manifest of the complete backup
     */
    BackupManifest create(BackupReason reason, Version fromVersion);

    /** Return every complete backup, newest first by creation time. */
    List<BackupManifest> list();

    /** Return the complete backup {@code id}, or empty. */
    Optional<BackupManifest> find(BackupId id);

    /**
     * Put the database and config of backup {@code id} back in place, after verifying every checksum; refuse without
     * touching anything when the backup is missing or damaged. The data replaced is kept first as a
     * {@link BackupReason#PRE_ROLLBACK} backup, so a restore loses nothing. Call only while the daemon is stopped.
     *
     * @param id the backup to restore
     * @param replacedVersion the waiaas version whose data is being replaced; names the pre-rollback backup
     * @return the pre-rollback backup of the replaced data, empty when there was no data to keep
     */
    Optional<BackupManifest> restore(BackupId id, Version replacedVersion);

    /**
     * Count, per table, the rows of the live database that backup {@code id} does not hold: written or changed since
     * it was taken, so that restoring it would leave them only in the pre-rollback backup (UPGR-B9). Tables with none
     * are left out. Reads only.
     *
     * @throws io.waiaas.domain.WaiaasException when there is no such backup, or either database cannot be read
     */
    Map<String, Long> rowsSince(BackupId id);

    /** Delete the backups {@code policy} no longer keeps and return their ids, newest first. */
    List<BackupId> prune(BackupPolicy policy);
}
