package io.waiaas.adapters.sqlite;

import io.waiaas.application.testkit.SchemaFixture;
import io.waiaas.application.testkit.SchemaMigratorContract;
import io.waiaas.domain.SchemaVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class FlywaySchemaMigratorIT implements SchemaMigratorContract {
    @TempDir
    Path dir;

    private final List<SqliteStorage> opened = new ArrayList<>();
    private int databases;

    @Override
    public SchemaFixture freshDatabase() {
        return fixture(SqliteStorage.open(next().resolve("waiaas.db"), TestDatabases.CLOCK));
    }

    @Override
    public SchemaFixture databaseAt(SchemaVersion version) {
        return fixture(TestDatabases.at(next(), version));
    }

    private SchemaFixture fixture(SqliteStorage storage) {
        opened.add(storage);
        return new SchemaFixture(storage.schemaHistory(), storage.schemaMigrator());
    }

    private Path next() {
        return dir.resolve("db" + databases++);
    }

    @AfterEach
    void close() {
        opened.forEach(SqliteStorage::close);
    }
}
