package io.waiaas.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Take and probe the OS file locks that keep waiaas's processes apart (the daemon's {@code daemon.lock}, the
 * upgrade's {@code upgrade.lock}, the install root's lock), and remember which of them this JVM holds.
 *
 * <p>POSIX record locks belong to the process, not to the channel: closing <em>any</em> channel this JVM opened on a
 * lock file drops the lock this JVM holds on it, so a refused second try, or a probe, would free the first holder's
 * lock. A JVM that holds a lock must therefore never open that file again: every lock file is opened here, under one
 * monitor, and the files this JVM holds are known by their real path (a symlinked data dir is the same one). The
 * kernel drops a lock when its process dies, even by {@code kill -9}, which is why a lock, not a pid file, is the
 * truth about who runs.
 */
public final class HeldLocks {
    private static final Map<Path, FileChannel> HELD_BY_THIS_JVM = new HashMap<>();

    private HeldLocks() {}

    /** A lock this JVM holds; closing it releases the lock (once; again does nothing). */
    public static final class Held implements AutoCloseable {
        private final Path key;
        private final FileChannel channel;
        private boolean closed;

        private Held(Path key, FileChannel channel) {
            this.key = key;
            this.channel = channel;
        }

        /** Return the lock file, by its real path. */
        public Path file() {
            return key;
        }

        @Override
        public void close() {
            synchronized (HELD_BY_THIS_JVM) {
                if (closed) {
                    return;
                }
                closed = true;
                HELD_BY_THIS_JVM.remove(key, channel);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // The OS releases the lock when the process exits anyway.
                }
            }
        }
    }

    /**
     * Take the OS lock on {@code file} for this JVM, creating the file and its missing parent directories.
     *
     * @return the held lock, or empty when a process holds it already, this one included
     * @throws IOException when the file cannot be created, opened or locked
     */
    public static Optional<Held> tryLock(Path file) throws IOException {
        synchronized (HELD_BY_THIS_JVM) {
            Path key = Files.createDirectories(file.toAbsolutePath().getParent())
                    .toRealPath()
                    .resolve(file.getFileName());
            if (HELD_BY_THIS_JVM.containsKey(key)) {
                return Optional.empty();
            }
            FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                if (channel.tryLock() == null) {
                    channel.close();
                    return Optional.empty();
                }
            } catch (OverlappingFileLockException e) {
                // Held by this JVM through a channel opened elsewhere: as busy as any other holder.
                channel.close();
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            HELD_BY_THIS_JVM.put(key, channel);
            return Optional.of(new Held(key, channel));
        }
    }

    /**
     * Tell whether some process holds the lock on {@code file}, without keeping it: this JVM (known without opening
     * the file, which would drop the lock) or another one (probed with a lock taken and released at once). A missing
     * file is a free lock.
     */
    public static boolean isLocked(Path file) throws IOException {
        synchronized (HELD_BY_THIS_JVM) {
            if (!Files.exists(file)) {
                return false;
            }
            Path key;
            try {
                key = file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
            } catch (NoSuchFileException e) {
                return false;
            }
            if (HELD_BY_THIS_JVM.containsKey(key)) {
                return true;
            }
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            } catch (OverlappingFileLockException e) {
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }
    }
}
