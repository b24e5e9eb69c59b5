package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.KeyValueStore;
import io.waiaas.application.testkit.KeyValueStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeyValueStoreIT implements KeyValueStoreContract {
    @TempDir
    Path dir;

    private SqliteStorage storage;

    @Override
    public KeyValueStore newStore() {
        storage = TestDatabases.migrated(dir);
        return storage.keyValueStore();
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }
}
