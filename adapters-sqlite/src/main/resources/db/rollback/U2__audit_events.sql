-- Undoes V2__audit_events.sql (UPGR-B9): run by `waiaas db downgrade` and the rollback that keeps writes.
DROP INDEX audit_events_type;
DROP TABLE audit_events;
