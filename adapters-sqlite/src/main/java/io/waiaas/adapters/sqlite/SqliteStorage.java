package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.AuditLog;
import io.waiaas.application.port.out.BackupIntegrity;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.KeyValueStore;
import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.platform.Layout;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Open the waiaas SQLite database and hand out the storage ports over it.
 *
 * <p>Opening is free: the file, its directory (created 0700 when missing) and the JDBC driver are touched only by
 * the first port call that needs them, and {@link #schemaHistory()} never creates the file. The database runs in
 * WAL mode (LAYT-03) with a busy timeout and foreign keys on. Expected failures throw {@link SqliteStorageException}.
 */
public final class SqliteStorage implements AutoCloseable {
    /** How long a statement waits for another process's lock before failing. */
    static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    private final SqliteDatabase database;
    private final SqliteKeyValueStore keyValueStore;
    private final SqliteAuditLog auditLog;
    private final SqliteSchemaHistory schemaHistory;
    private final FlywaySchemaMigrator schemaMigrator;
    private final InstantSource clock;

    private SqliteStorage(SqliteDatabase database, InstantSource clock) {
        this.database = database;
        this.clock = clock;
        this.keyValueStore = new SqliteKeyValueStore(database, clock);
        this.auditLog = new SqliteAuditLog(database);
        this.schemaHistory = new SqliteSchemaHistory(database);
        this.schemaMigrator = new FlywaySchemaMigrator(database, schemaHistory);
    }

    /**
     * Prepare storage on {@code databaseFile} without touching the file system.
     *
     * @param databaseFile the SQLite file, e.g. {@code {dataDir}/data/waiaas.db}
     * @param clock the source of {@code updated_at} times
     * @return storage to close when done
     */
    public static SqliteStorage open(Path databaseFile, InstantSource clock) {
        return open(databaseFile, clock, DEFAULT_BUSY_TIMEOUT);
    }

    static SqliteStorage open(Path databaseFile, InstantSource clock, Duration busyTimeout) {
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(clock, "clock");
        return new SqliteStorage(new SqliteDatabase(databaseFile, busyTimeout), clock);
    }

    /** Return the database file this storage works on, as an absolute path. */
    public Path databaseFile() {
        return database.file();
    }

    /** Return the key-value store in table {@code key_value_store}. */
    public KeyValueStore keyValueStore() {
        return keyValueStore;
    }

    /** Return the audit log in table {@code audit_events}. */
    public AuditLog auditLog() {
        return auditLog;
    }

    /** Return the read-only view of the schema version. */
    public SchemaHistory schemaHistory() {
        return schemaHistory;
    }

    /** Return the read-only view of the daemon's last stored version check, for the CLI's update notice. */
    public StoredRelease storedRelease() {
        return new SqliteStoredRelease(database);
    }

    /** Return the Flyway migrator; run it only after the application's schema gate allowed it. */
    public SchemaMigrator schemaMigrator() {
        return schemaMigrator;
    }

    /**
     * Return the backup store for this database, keeping backups in {@code {dataDir}/backups/} and backing up
     * {@code {dataDir}/config.toml} with the database.
     *
     * @param dataDir the waiaas data directory
     */
    public BackupStore backupStore(Path dataDir) {
        return new SqliteBackupStore(database, Objects.requireNonNull(dataDir, "dataDir"), clock);
    }

    /**
     * Return the check that proves a backup of data dir {@code dataDir} whole by its manifest; it reads the backup's
     * files only, never the database.
     *
     * @param dataDir the waiaas data directory
     */
    public static BackupIntegrity backupIntegrity(Path dataDir) {
        return new ManifestBackupIntegrity(Layout.backups(Objects.requireNonNull(dataDir, "dataDir")));
    }

    SqliteDatabase database() {
        return database;
    }

    /** Return a down runner with {@code scripts} instead of the build's own (tests add the N+1 package's). */
    DownMigrations downMigrations(DownScripts scripts) {
        return new DownMigrations(database, schemaHistory, scripts);
    }

    FlywaySchemaMigrator flywayMigrator() {
        return schemaMigrator;
    }

    /** Release the database; the ports fail once it is closed. */
    @Override
    public void close() {
        database.close();
    }
}
