package io.waiaas.application.testkit;

import io.waiaas.application.port.out.AuditLog;

class InMemoryAuditLogTest implements AuditLogContract {
    @Override
    public AuditLog newLog() {
        return new InMemoryAuditLog();
    }
}
