package io.waiaas.application.testkit;

import io.waiaas.application.port.out.StoredRelease;
import java.util.Map;

class InMemoryStoredReleaseTest implements StoredReleaseContract {
    private final InMemoryStoredRelease stored = new InMemoryStoredRelease();
    private final InMemoryKeyValueStore database = new InMemoryKeyValueStore();

    @Override
    public StoredRelease newStoredRelease() {
        return stored;
    }

    @Override
    public boolean databaseExists() {
        return stored.hasDatabase();
    }

    @Override
    public void createDatabase() {
        stored.useDatabase(database);
    }

    @Override
    public void storeLatest(String value) {
        createDatabase();
        database.putAll(Map.of(StoredRelease.LATEST_KEY, value));
    }

    @Override
    public void storeRows(Map<String, String> rows) {
        createDatabase();
        database.putAll(rows);
    }
}
