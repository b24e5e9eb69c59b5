package io.waiaas.bootstrap.upgrade;

import io.waiaas.adapters.cli.IoErrors;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.UpgradeLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Hold an OS file lock on {@code {dataDir}/upgrade.lock} while an upgrade runs; the OS drops it if we die. */
public final class FileUpgradeLock implements UpgradeLock {
    /**
     * The lock files this JVM holds. They are never opened again while held: closing any channel on a file drops
     * every lock the process has on it (POSIX), so a refused second try would free the first holder's lock.
     */
    private static final Set<Path> HELD_BY_THIS_JVM = new HashSet<>();

    private final Path file;

    /** Create the lock of the data dir {@code dataDir}. */
    public FileUpgradeLock(Path dataDir) {
        this.file = dataDir.resolve("upgrade.lock");
    }

    @Override
    public Optional<Lease> tryAcquire() {
        synchronized (HELD_BY_THIS_JVM) {
            FileChannel channel = null;
            try {
                Path key =
                        Files.createDirectories(file.getParent()).toRealPath().resolve(file.getFileName());
                if (HELD_BY_THIS_JVM.contains(key)) {
                    return Optional.empty();
                }
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (channel.tryLock() == null) {
                    channel.close();
                    return Optional.empty();
                }
                HELD_BY_THIS_JVM.add(key);
                return Optional.of(new FileLease(key, channel));
            } catch (IOException e) {
                close(channel);
                throw ApplicationException.failed("cannot lock " + file + ": " + IoErrors.describe(e, file));
            }
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The OS releases the lock with the process anyway.
            }
        }
    }

    private static final class FileLease implements Lease {
        private final Path key;
        private final FileChannel channel;
        private boolean closed;

        FileLease(Path key, FileChannel channel) {
            this.key = key;
            this.channel = channel;
        }

        @Override
        public void close() {
            synchronized (HELD_BY_THIS_JVM) {
                if (!closed) {
                    closed = true;
                    FileUpgradeLock.close(channel);
                    HELD_BY_THIS_JVM.remove(key);
                }
            }
        }
    }
}
