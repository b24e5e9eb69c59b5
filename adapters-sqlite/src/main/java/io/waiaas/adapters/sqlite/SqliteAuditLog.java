package io.waiaas.adapters.sqlite;

import io.helidon.dbclient.DbRow;
import io.waiaas.application.port.out.AuditEvent;
import io.waiaas.application.port.out.AuditLog;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Append audit events to the {@code audit_events} table through Helidon DbClient. */
final class SqliteAuditLog implements AuditLog {
    private static final String INSERT = "INSERT INTO audit_events (occurred_at, type, detail) VALUES (?, ?, ?)";
    private static final String SELECT =
            "SELECT occurred_at, type, detail FROM audit_events WHERE type = ? ORDER BY id";

    private final SqliteDatabase database;

    SqliteAuditLog(SqliteDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        database.call(
                "write an audit event to",
                () -> database.client()
                        .execute()
                        .insert(INSERT, event.occurredAt().getEpochSecond(), event.type(), event.detail()));
    }

    @Override
    public List<AuditEvent> ofType(String type) {
        Objects.requireNonNull(type, "type");
        return database.call("read audit events from", () -> {
            // The stream holds the connection until it is closed.
            try (Stream<DbRow> rows = database.client().execute().query(SELECT, type)) {
                return rows.map(SqliteAuditLog::toEvent).toList();
            }
        });
    }

    private static AuditEvent toEvent(DbRow row) {
        // SQLite hands back Integer or Long depending on the value's size.
        long seconds = ((Number) row.column("occurred_at").get()).longValue();
        return new AuditEvent(
                Instant.ofEpochSecond(seconds),
                row.column("type").get(String.class),
                row.column("detail").get(String.class));
    }
}
