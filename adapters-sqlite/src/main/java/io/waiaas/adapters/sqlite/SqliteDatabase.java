package io.waiaas.adapters.sqlite;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import io.waiaas.platform.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** One SQLite database file, opened lazily: nothing touches the file system before the first real use. */
final class SqliteDatabase implements AutoCloseable {
    private final Path file;
    private final Duration busyTimeout;
    private final Object lock = new Object();
    private volatile SQLiteDataSource dataSource;
    private volatile DbClient client;
    private volatile boolean closed;

    SqliteDatabase(Path file, Duration busyTimeout) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.busyTimeout = Objects.requireNonNull(busyTimeout, "busyTimeout");
    }

    Path file() {
        return file;
    }

    /** Run {@code work}, turning any failure into one {@link SqliteStorageException} naming the file. */
    <T> T call(String action, Work<T> work) {
        ensureOpen();
        try {
            return work.run();
        } catch (SqliteStorageException e) {
            throw e;
        } catch (Exception e) {
            throw SqliteStorageException.failed(action, file, e);
        }
    }

    /** Return the DbClient, creating the parent directory and the client on first use. */
    DbClient client() {
        DbClient current = client;
        if (current != null) {
            return current;
        }
        synchronized (lock) {
            if (client == null) {
                DataSource source = dataSource();
                // Helidon's pool SPI wants a supplier of connections; one SQLite connection per statement or
                // transaction is cheap, and WAL lets them read while another writes.
                JdbcConnectionPool pool = () -> {
                    try {
                        return source.getConnection();
                    } catch (SQLException e) {
                        throw new DbClientException("cannot open " + file, e);
                    }
                };
                client = JdbcClientBuilder.create().connectionPool(pool).build();
            }
            return client;
        }
    }

    /** Return the writable data source (WAL, busy timeout, foreign keys), creating the parent directory first. */
    DataSource dataSource() {
        ensureOpen();
        SQLiteDataSource current = dataSource;
        if (current != null) {
            return current;
        }
        synchronized (lock) {
            if (dataSource == null) {
                createParentDirectory();
                SQLiteConfig config = baseConfig();
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.enforceForeignKeys(true);
                // Take the write lock when a transaction begins, so concurrent writers wait for the busy timeout
                // instead of failing at once on a read-to-write lock upgrade.
                config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
                dataSource = newDataSource(config);
            }
            return dataSource;
        }
    }

    /** Open a writable connection with the same settings as the DbClient's; the caller closes it. */
    Connection openWritable() throws SQLException {
        return dataSource().getConnection();
    }

    /** Open a read-only connection to the file if it exists; never creates it, its directory or WAL side files. */
    Optional<Connection> openReadOnly() throws SQLException {
        ensureOpen();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        SQLiteConfig config = baseConfig();
        config.setReadOnly(true);
        if (Files.exists(Path.of(file + "-wal"))) {
            // A writer has the database open, or stopped with commits still in the log: read through the log.
            return Optional.of(newDataSource(config).getConnection());
        }
        // Everything committed is in the main file. A read-only reader would create the -wal and -shm files and,
        // unable to checkpoint, leave them behind, owned by whoever ran the CLI (root-owned ones keep the daemon
        // from opening its own database); reading the main file as immutable creates nothing.
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toUri() + "?immutable=1");
        return Optional.of(source.getConnection());
    }

    /** Open a plain writable connection to {@code file} (a backup copy), with none of the live database's settings. */
    static Connection openCopy(Path file) throws SQLException {
        SQLiteDataSource source = new SQLiteDataSource(new SQLiteConfig());
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return source.getConnection();
    }

    /** Open a read-only connection to {@code file} (a backup copy); never creates a file beside it. */
    static Connection openCopyReadOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return source.getConnection();
    }

    private SQLiteConfig baseConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        return config;
    }

    private SQLiteDataSource newDataSource(SQLiteConfig config) {
        // The data source creates connections itself, without java.sql.DriverManager, which keeps working in a
        // jlink image where the driver's service registration may not be visible.
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        return source;
    }

    private void createParentDirectory() {
        Path parent = file.getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        try {
            PrivateFiles.createDirectories(parent);
        } catch (IOException e) {
            throw SqliteStorageException.failed("create the directory of", file, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("storage for " + file + " is closed");
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    /** Storage work that may throw anything; {@link #call} reports it in one line. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }
}
