package io.waiaas.application.testkit;

import io.waiaas.application.port.out.AuditEvent;
import io.waiaas.application.port.out.AuditLog;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Keep audit events in memory, to the second like the database does; the verified fake of {@link AuditLog}. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        events.add(new AuditEvent(event.occurredAt().truncatedTo(ChronoUnit.SECONDS), event.type(), event.detail()));
    }

    @Override
    public synchronized List<AuditEvent> ofType(String type) {
        Objects.requireNonNull(type, "type");
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }
}
