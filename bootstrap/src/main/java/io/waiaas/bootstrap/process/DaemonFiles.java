package io.waiaas.bootstrap.process;

import io.waiaas.adapters.cli.IoErrors;
import io.waiaas.application.ApplicationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Name and read the daemon's files in a data dir: {@code daemon.pid}, {@code daemon.lock}, the log (LAYT-04). */
public record DaemonFiles(Path dataDir) {
    // POSIX record locks belong to the process, not to the channel: closing *any* channel this JVM opened on a
    // lock file drops the lock this JVM holds on it. So a JVM that holds the lock must never open the file again;
    // this map names the lock files this JVM holds (by real path, so a symlinked data dir is the same one), and
    // every open of a lock file happens under its monitor.
    private static final Map<Path, FileChannel> HELD_BY_THIS_JVM = new HashMap<>();

    /** Return {@code {dataDir}/daemon.pid}, which holds only the daemon's pid. */
    public Path pidFile() {
        return dataDir.resolve("daemon.pid");
    }

    /** Return {@code {dataDir}/daemon.lock}, locked by the OS while the daemon runs. */
    public Path lockFile() {
        return dataDir.resolve("daemon.lock");
    }

    /** Return {@code {dataDir}/logs/daemon.log}, where a background daemon writes. */
    public Path logFile() {
        return dataDir.resolve("logs").resolve("daemon.log");
    }

    /** Return the pid in the pid file, or empty when there is none or it is not a number. */
    public Optional<Long> readPid() {
        try {
            String text = Files.readString(pidFile(), StandardCharsets.US_ASCII).trim();
            return Optional.of(Long.parseLong(text));
        } catch (NoSuchFileException | NumberFormatException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw ApplicationException.failed("cannot read the pid file: " + IoErrors.describe(e, pidFile()));
        }
    }

    /** Write {@code pid} to the pid file atomically (a reader never sees half a number). */
    void writePid(long pid) throws IOException {
        Path tmp = dataDir.resolve("daemon.pid.tmp");
        try {
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            // A failed write names no file: name the one written.
            throw new FileSystemException(tmp.toString(), null, e.getMessage());
        }
        Files.move(tmp, pidFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Delete the pid file if it still names {@code pid}. */
    void deletePidIfOwnedBy(long pid) {
        if (readPid().filter(p -> p == pid).isPresent()) {
            deletePid();
        }
    }

    /** Delete the pid file; tell whether there was one. */
    boolean deletePid() {
        try {
            return Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw ApplicationException.failed("cannot remove the pid file: " + IoErrors.describe(e, pidFile()));
        }
    }

    /**
     * Take the OS lock on the lock file for this JVM, creating the data dir when missing.
     *
     * @return the channel holding the lock, or empty when a process holds it already, this one included
     */
    Optional<FileChannel> tryLock() throws IOException {
        synchronized (HELD_BY_THIS_JVM) {
            Files.createDirectories(dataDir);
            Path key = lockKey();
            if (HELD_BY_THIS_JVM.containsKey(key)) {
                return Optional.empty();
            }
            FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                if (channel.tryLock() == null) {
                    channel.close();
                    return Optional.empty();
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            HELD_BY_THIS_JVM.put(key, channel);
            return Optional.of(channel);
        }
    }

    /** Release the lock {@link #tryLock()} took, by closing its channel. */
    void unlock(FileChannel channel) {
        synchronized (HELD_BY_THIS_JVM) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The OS releases the lock when the process exits anyway.
            } finally {
                HELD_BY_THIS_JVM.values().remove(channel);
            }
        }
    }

    /** Tell whether some process holds the daemon lock, without keeping it. */
    public boolean lockHeld() {
        synchronized (HELD_BY_THIS_JVM) {
            if (!Files.exists(lockFile())) {
                return false;
            }
            try {
                if (HELD_BY_THIS_JVM.containsKey(lockKey())) {
                    return true; // held by this very process; probing would release it
                }
            } catch (IOException e) {
                throw ApplicationException.failed("cannot check the daemon lock: " + IoErrors.describe(e, lockFile()));
            }
            try (FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                throw ApplicationException.failed("cannot check the daemon lock: " + IoErrors.describe(e, lockFile()));
            }
        }
    }

    private Path lockKey() throws IOException {
        return dataDir.toRealPath().resolve(lockFile().getFileName());
    }
}
