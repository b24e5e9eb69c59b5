package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.AuditLog;
import io.waiaas.application.testkit.AuditLogContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditLogIT implements AuditLogContract {
    @TempDir
    Path dir;

    private SqliteStorage storage;

    @Override
    public AuditLog newLog() {
        storage = TestDatabases.migrated(dir);
        return storage.auditLog();
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }
}
