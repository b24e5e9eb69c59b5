package io.waiaas.application.backup;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.datadir.OfflineGuard;
import io.waiaas.application.port.in.BackupCreated;
import io.waiaas.application.port.in.ManageBackups;
import io.waiaas.application.port.in.RestoreResult;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.InstanceLock;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Take, list and restore backups for {@code waiaas backup}; restore only while the daemon is stopped. */
public final class BackupService implements ManageBackups {
    private final Version version;
    private final BackupStore store;
    private final BackupPolicy policy;
    private final OfflineGuard offline;

    /**
     * Create the backup use cases of build {@code version}.
     *
     * @param policy the retention applied after every backup taken
     * @param daemon finds a running daemon, which a restore must not pull the data from under
     * @param lock the data dir's lock, held while a restore swaps the files
     */
    public BackupService(
            Version version, BackupStore store, BackupPolicy policy, DaemonControl daemon, InstanceLock lock) {
        this.version = Objects.requireNonNull(version, "version");
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.offline = new OfflineGuard(daemon, lock);
    }

    @Override
    public BackupCreated create(BackupReason reason) {
        Objects.requireNonNull(reason, "reason");
        BackupManifest backup = store.create(reason, version);
        return new BackupCreated(backup, store.prune(policy));
    }

    @Override
    public List<BackupManifest> list() {
        return store.list();
    }

    @Override
    public BackupManifest toRestore(Optional<BackupId> id) {
        Objects.requireNonNull(id, "id");
        return id.map(this::named).orElseGet(this::latest);
    }

    @Override
    public RestoreResult restore(BackupId id) {
        Objects.requireNonNull(id, "id");
        InstanceLock.Lease lease = offline.acquire("waiaas backup restore " + id);
        try {
            return restore(named(id));
        } finally {
            lease.close();
        }
    }

    @Override
    public RestoreResult restoreLatest() {
        InstanceLock.Lease lease = offline.acquire("waiaas backup restore latest");
        try {
            return restore(latest());
        } finally {
            lease.close();
        }
    }

    private BackupManifest named(BackupId id) {
        return store.find(id)
                .orElseThrow(() -> ApplicationException.refused(
                        "there is no backup named " + id + "; nothing was changed; see: waiaas backup list"));
    }

    private BackupManifest latest() {
        return store.list().stream()
                .findFirst()
                .orElseThrow(() -> ApplicationException.refused(
                        "there are no backups to restore; nothing was changed; take one with: waiaas backup create"));
    }

    private RestoreResult restore(BackupManifest backup) {
        Optional<BackupManifest> kept = store.restore(backup.id(), version);
        return new RestoreResult(backup, kept, store.prune(policy));
    }
}
