package io.waiaas.application.testkit;

import io.waiaas.application.AuditEvent;
import io.waiaas.application.port.out.AuditLog;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keep audit events in memory, oldest first; the fake of {@link AuditLog}. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(Objects.requireNonNull(event, "event"));
    }

    @Override
    public List<AuditEvent> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }
}
