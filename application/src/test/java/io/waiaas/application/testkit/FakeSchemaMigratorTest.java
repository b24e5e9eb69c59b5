package io.waiaas.application.testkit;

import io.waiaas.domain.SchemaVersion;

class FakeSchemaMigratorTest implements SchemaMigratorContract {
    private static final SchemaVersion MIN = SchemaVersion.of(1);
    private static final SchemaVersion LATEST = SchemaVersion.of(2);

    @Override
    public SchemaFixture freshDatabase() {
        InMemorySchemaHistory history = new InMemorySchemaHistory();
        return new SchemaFixture(history, new FakeSchemaMigrator(history, MIN, LATEST));
    }

    @Override
    public SchemaFixture databaseAt(SchemaVersion version) {
        InMemorySchemaHistory history = new InMemorySchemaHistory(version);
        return new SchemaFixture(history, new FakeSchemaMigrator(history, MIN, LATEST));
    }
}
