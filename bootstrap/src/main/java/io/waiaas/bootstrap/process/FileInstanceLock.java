package io.waiaas.bootstrap.process;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.InstanceLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Hold an OS file lock on {@code daemon.lock} while the daemon runs, and publish its pid in {@code daemon.pid}.
 *
 * <p>The lock, not the pid file, is the truth: the OS drops it when the process dies, even by {@code kill -9},
 * so a stale pid file can never keep a new daemon from starting.
 */
public final class FileInstanceLock implements InstanceLock {
    private final DaemonFiles files;

    public FileInstanceLock(DaemonFiles files) {
        this.files = files;
    }

    @Override
    public Optional<Lease> tryAcquire() {
        FileChannel channel = null;
        try {
            Files.createDirectories(files.dataDir());
            channel = FileChannel.open(files.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            long pid = ProcessHandle.current().pid();
            files.writePid(pid);
            return Optional.of(new FileLease(channel, lock, pid));
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            throw ApplicationException.failed("cannot lock " + files.lockFile() + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was locked; there is nothing to undo.
            }
        }
    }

    private final class FileLease implements Lease {
        private final FileChannel channel;
        private final FileLock lock;
        private final long pid;
        private boolean closed;

        FileLease(FileChannel channel, FileLock lock, long pid) {
            this.channel = channel;
            this.lock = lock;
            this.pid = pid;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // Remove the pid file while still holding the lock, so nobody reads a pid that is going away.
            files.deletePidIfOwnedBy(pid);
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // The OS releases the lock when the process exits anyway.
            }
        }
    }
}
