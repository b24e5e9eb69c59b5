package io.waiaas.application.testkit;

import io.waiaas.application.port.out.BackupIntegrity;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.util.Map;

class InMemoryBackupIntegrityTest implements BackupIntegrityContract {
    private final InMemoryKeyValueStore live = new InMemoryKeyValueStore();
    private final InMemoryBackupStore store =
            new InMemoryBackupStore(live, new MutableClock(Instant.parse("2026-11-26T06:00:00Z")), SchemaVersion.of(2));

    @Override
    public BackupIntegrity newIntegrity() {
        return new InMemoryBackupIntegrity(store);
    }

    @Override
    public BackupManifest takeBackup() {
        live.putAll(Map.of("k", "v"));
        return store.create(BackupReason.MANUAL, Version.parse("1.9.0"));
    }

    @Override
    public void flipAByte(BackupManifest backup) {
        store.damage(backup.id());
    }

    @Override
    public void deleteBackup(BackupManifest backup) {
        store.delete(backup.id());
    }
}
