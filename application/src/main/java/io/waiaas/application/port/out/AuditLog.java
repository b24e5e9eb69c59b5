package io.waiaas.application.port.out;

import java.util.List;

/** Append audit events and read them back. */
public interface AuditLog {

    /** Append {@code event} durably; its time is kept to the whole second. */
    void record(AuditEvent event);

    /** Return every recorded event of {@code type} in the order they were recorded. */
    List<AuditEvent> ofType(String type);
}
