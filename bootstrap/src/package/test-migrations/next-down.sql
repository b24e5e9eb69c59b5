-- Test only: undoes next-up.sql (shipped as db/rollback/U{latest+1}__upgrade_probe.sql in the N+1 test package).
ALTER TABLE audit_events DROP COLUMN actor;
DROP TABLE upgrade_probe;
