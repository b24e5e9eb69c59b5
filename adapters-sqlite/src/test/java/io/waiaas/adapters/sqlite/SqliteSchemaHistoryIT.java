package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.application.testkit.SchemaHistoryContract;
import io.waiaas.domain.SchemaVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchemaHistoryIT implements SchemaHistoryContract {
    @TempDir
    Path dir;

    private final List<SqliteStorage> opened = new ArrayList<>();
    private int databases;

    @Override
    public SchemaHistory newHistory() {
        SqliteStorage storage = SqliteStorage.open(next().resolve("waiaas.db"), TestDatabases.CLOCK);
        opened.add(storage);
        return storage.schemaHistory();
    }

    @Override
    public SchemaHistory historyAt(SchemaVersion version) {
        SqliteStorage storage = TestDatabases.at(next(), version);
        opened.add(storage);
        return storage.schemaHistory();
    }

    private Path next() {
        return dir.resolve("db" + databases++);
    }

    @AfterEach
    void close() {
        opened.forEach(SqliteStorage::close);
    }
}
