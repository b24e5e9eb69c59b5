package io.waiaas.application;

import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Wrap a verified fake store, remembering the database's schema at each backup and failing on demand. */
final class RecordingBackupStore implements BackupStore {
    private final BackupStore delegate;
    private final SchemaHistory history;
    final List<Optional<SchemaVersion>> schemaAtCreate = new CopyOnWriteArrayList<>();
    volatile RuntimeException createFailure;
    volatile RuntimeException pruneFailure;

    RecordingBackupStore(BackupStore delegate, SchemaHistory history) {
        this.delegate = delegate;
        this.history = history;
    }

    @Override
    public BackupManifest create(BackupReason reason, Version fromVersion) {
        if (createFailure != null) {
            throw createFailure;
        }
        schemaAtCreate.add(history.current());
        return delegate.create(reason, fromVersion);
    }

    @Override
    public List<BackupManifest> list() {
        return delegate.list();
    }

    @Override
    public Optional<BackupManifest> find(BackupId id) {
        return delegate.find(id);
    }

    @Override
    public Optional<BackupManifest> restore(BackupId id, Version replacedVersion) {
        return delegate.restore(id, replacedVersion);
    }

    @Override
    public List<BackupId> prune(BackupPolicy policy) {
        if (pruneFailure != null) {
            throw pruneFailure;
        }
        return delegate.prune(policy);
    }
}
