CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at INTEGER NOT NULL,
    type        TEXT NOT NULL,
    detail      TEXT NOT NULL
);

CREATE INDEX audit_events_type ON audit_events (type);
