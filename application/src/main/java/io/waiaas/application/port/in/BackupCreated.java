package io.waiaas.application.port.in;

import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import java.util.List;
import java.util.Objects;

/**
 * Tell which backup {@code waiaas backup create} took and which old ones the retention policy removed after it.
 *
 * @param backup the complete, verified backup just taken
 * @param pruned the ids of the backups removed by {@code [backup] keep}, newest first
 */
public record BackupCreated(BackupManifest backup, List<BackupId> pruned) {

    public BackupCreated {
        Objects.requireNonNull(backup, "backup");
        pruned = List.copyOf(pruned);
    }
}
