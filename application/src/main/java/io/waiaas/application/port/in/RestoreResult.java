package io.waiaas.application.port.in;

import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tell which backup was put back, where the data it replaced was kept, and which old backups retention removed.
 *
 * @param restored the backup whose database and config are now live
 * @param kept the {@code pre-rollback} backup of the replaced data, empty when there was nothing to replace
 * @param pruned the ids of the backups removed by {@code [backup] keep} afterwards, newest first
 */
public record RestoreResult(BackupManifest restored, Optional<BackupManifest> kept, List<BackupId> pruned) {

    public RestoreResult {
        Objects.requireNonNull(restored, "restored");
        Objects.requireNonNull(kept, "kept");
        pruned = List.copyOf(pruned);
    }
}
