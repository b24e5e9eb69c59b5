package io.waiaas.application.testkit;

import io.waiaas.application.port.out.BackupIntegrity;
import io.waiaas.domain.BackupManifest;
import java.util.Optional;

/** Verify the backups of an {@link InMemoryBackupStore} by their checksums; the verified fake of the port. */
public final class InMemoryBackupIntegrity implements BackupIntegrity {
    private final InMemoryBackupStore store;

    /** Verify the backups {@code store} holds. */
    public InMemoryBackupIntegrity(InMemoryBackupStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> damage(BackupManifest manifest) {
        return store.verify(manifest.id());
    }
}
