package io.waiaas.application.testkit;

import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.domain.SchemaVersion;

class InMemorySchemaHistoryTest implements SchemaHistoryContract {
    @Override
    public SchemaHistory newHistory() {
        return new InMemorySchemaHistory();
    }

    @Override
    public SchemaHistory historyAt(SchemaVersion version) {
        return new InMemorySchemaHistory(version);
    }
}
