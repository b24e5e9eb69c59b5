-- Test only: the extra migration of the N+1 test package, added by bootstrap/src/package/build-packages.sh as
-- V{latest+1}__upgrade_probe.sql. A real schema change: a new table, and a new column on an existing table.
-- DownMigrationsIT runs it and its down script (next-down.sql) against real databases.
CREATE TABLE upgrade_probe (
    id   INTEGER PRIMARY KEY,
    note TEXT NOT NULL
);
INSERT INTO upgrade_probe (id, note) VALUES (1, 'created by the migration to the N+1 schema');
ALTER TABLE audit_events ADD COLUMN actor TEXT;
