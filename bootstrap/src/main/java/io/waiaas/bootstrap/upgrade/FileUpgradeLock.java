package io.waiaas.bootstrap.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.UpgradeLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Hold an OS file lock on {@code {dataDir}/upgrade.lock} while an upgrade runs; the OS drops it if we die. */
public final class FileUpgradeLock implements UpgradeLock {
    private final Path file;

    /** Create the lock of the data dir {@code dataDir}. */
    public FileUpgradeLock(Path dataDir) {
        this.file = dataDir.resolve("upgrade.lock");
    }

    @Override
    public Optional<Lease> tryAcquire() {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            FileChannel held = channel;
            return Optional.of(() -> {
                try {
                    lock.release();
                    held.close();
                } catch (IOException ignored) {
                    // The OS releases the lock with the process anyway.
                }
            });
        } catch (OverlappingFileLockException e) {
            close(channel);
            return Optional.empty();
        } catch (IOException e) {
            close(channel);
            throw ApplicationException.failed("cannot lock " + file + ": " + e.getMessage());
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked
            }
        }
    }
}
