package io.waiaas.adapters.host.testkit;

import io.waiaas.adapters.host.DaemonFiles;
import io.waiaas.adapters.host.FileDeliveryCursor;
import io.waiaas.adapters.host.FileInstanceLock;
import io.waiaas.adapters.host.FileUpgradeLock;
import io.waiaas.application.port.out.InstanceLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Hold the lock of a data dir from another JVM, as a second daemon does, until its stdin says so or closes.
 *
 * <p>Run by {@link LockHolder}, never by the build. Prints {@code held PID} or {@code refused} first.
 * Mode {@code daemon} takes the lock through {@link FileInstanceLock}; mode {@code lock-only} locks
 * {@code daemon.lock} but publishes no pid, as a daemon killed between the two steps would leave it; mode
 * {@code upgrade} takes the upgrade lock through {@link FileUpgradeLock}, as a second upgrade would; mode
 * {@code sqlite-exclusive} takes the SQLite database file {@code args[0]} for itself (exclusive locking mode and an
 * open {@code BEGIN EXCLUSIVE}), as an operator's tool left open on it would: no other process can read or write it.
 */
public final class LockHolderMain {
    private LockHolderMain() {}

    public static void main(String[] args) throws IOException {
        String mode = args.length > 1 ? args[1] : "daemon";
        AutoCloseable held = switch (mode) {
            case "lock-only" -> lockOnly(new DaemonFiles(Path.of(args[0])));
            case "upgrade" -> new FileUpgradeLock(Path.of(args[0])).tryAcquire().orElse(null);
            case "webhooks" ->
                new FileDeliveryCursor(Path.of(args[0])).tryAcquire().orElse(null);
            case "sqlite-exclusive" -> sqliteExclusive(Path.of(args[0]));
            default -> daemon(new DaemonFiles(Path.of(args[0])));
        };
        if (held == null) {
            System.out.println("refused");
            System.out.flush();
            return;
        }
        System.out.println("held " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        try {
            held.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AutoCloseable daemon(DaemonFiles files) {
        Optional<InstanceLock.Lease> lease = new FileInstanceLock(files).tryAcquire();
        return lease.orElse(null);
    }

    private static AutoCloseable sqliteExclusive(Path database) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA locking_mode = EXCLUSIVE");
                statement.execute("BEGIN EXCLUSIVE");
                return connection;
            } catch (SQLException busy) {
                connection.close();
                return null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + database, e);
        }
    }

    private static AutoCloseable lockOnly(DaemonFiles files) throws IOException {
        Files.createDirectories(files.dataDir());
        FileChannel channel = FileChannel.open(files.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            return null;
        }
        return channel;
    }
}
