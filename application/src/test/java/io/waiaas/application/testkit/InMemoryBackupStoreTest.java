package io.waiaas.application.testkit;

import io.waiaas.domain.SchemaVersion;
import java.time.Instant;

class InMemoryBackupStoreTest implements BackupStoreContract {
    @Override
    public BackupFixture newFixture() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T06:00:00Z"));
        InMemoryKeyValueStore live = new InMemoryKeyValueStore();
        InMemoryBackupStore store = new InMemoryBackupStore(live, clock, SchemaVersion.of(2));
        return new BackupFixture(store, clock, live, store::damage);
    }
}
