package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.platform.HeldLocks;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Name and read the daemon's files in a data dir: {@code daemon.pid}, {@code daemon.lock}, the log (LAYT-04). */
public record DaemonFiles(Path dataDir) {

    /** Return {@code {dataDir}/daemon.pid}, which holds only the daemon's pid. */
    public Path pidFile() {
        return Layout.daemonPid(dataDir);
    }

    /** Return {@code {dataDir}/daemon.lock}, locked by the OS while the daemon runs. */
    public Path lockFile() {
        return Layout.daemonLock(dataDir);
    }

    /** Return {@code {dataDir}/logs/daemon.log}, the daemon's log, which it rotates itself (LOGS-01). */
    public Path logFile() {
        return Layout.daemonLog(dataDir);
    }

    /** Return {@code {dataDir}/logs/daemon.out}, where a background daemon's stdout and stderr go. */
    public Path outFile() {
        return Layout.daemonOut(dataDir);
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
     * @return the held lock, or empty when a process holds it already, this one included
     */
    Optional<HeldLocks.Held> tryLock() throws IOException {
        return HeldLocks.tryLock(lockFile());
    }

    /** Tell whether some process holds the daemon lock, without keeping it. */
    public boolean lockHeld() {
        try {
            return HeldLocks.isLocked(lockFile());
        } catch (IOException e) {
            throw ApplicationException.failed("cannot check the daemon lock: " + IoErrors.describe(e, lockFile()));
        }
    }
}
