package io.waiaas.application.port.out;

import java.time.Instant;
import java.util.Objects;

/**
 * Record something an operator may want to audit later, such as {@code UPDATE_AVAILABLE}.
 *
 * @param occurredAt when it happened
 * @param type an upper-case event name
 * @param detail a short free-text detail
 */
public record AuditEvent(Instant occurredAt, String type, String detail) {

    public AuditEvent {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        if (type.isBlank()) {
            throw new IllegalArgumentException("audit event type is blank");
        }
    }
}
