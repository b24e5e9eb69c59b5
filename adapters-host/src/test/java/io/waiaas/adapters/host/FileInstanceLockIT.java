package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.host.testkit.LockHolder;
import io.waiaas.application.port.out.InstanceLock;
import io.waiaas.application.testkit.InstanceLockContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link InstanceLockContract} against real files, with a second JVM as the other daemon. */
class FileInstanceLockIT implements InstanceLockContract {
    @TempDir
    Path dir;

    private final List<LockHolder> holders = new ArrayList<>();
    private DaemonFiles files;

    @AfterEach
    void killTheOtherDaemons() {
        holders.forEach(LockHolder::crash);
    }

    @Override
    public InstanceLock newLock() {
        files = new DaemonFiles(dir.resolve("data-dir"));
        return new FileInstanceLock(files);
    }

    @Override
    public long ownPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public Optional<Long> publishedPid() {
        return files.readPid();
    }

    @Override
    public Optional<OtherProcess> holdElsewhere() {
        return LockHolder.hold(files.dataDir()).map(holder -> {
            holders.add(holder);
            return new OtherProcess() {
                @Override
                public long pid() {
                    return holder.pid();
                }

                @Override
                public void release() {
                    holder.release();
                }

                @Override
                public void crash() {
                    holder.crash();
                }
            };
        });
    }

    @Override
    public void leaveStalePidFile() {
        try {
            Files.createDirectories(files.dataDir());
            Files.writeString(files.lockFile(), "");
            Files.writeString(files.pidFile(), DeadPids.one() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void createsAMissingDataDirAndWritesOnlyThePidToThePidFile() throws IOException {
        InstanceLock lock = newLock();
        try (InstanceLock.Lease lease = lock.tryAcquire().orElseThrow()) {
            assertTrue(Files.isDirectory(files.dataDir()));
            assertEquals(ownPid() + "\n", Files.readString(files.pidFile(), StandardCharsets.US_ASCII));
            assertEquals(List.of("daemon.lock", "daemon.pid"), fileNames(files.dataDir()));
        }
        assertEquals(List.of("daemon.lock"), fileNames(files.dataDir()), "the lock file stays, the pid goes");
    }

    @Test
    void aPidFileThatIsNotANumberDoesNotKeepTheLock() throws IOException {
        InstanceLock lock = newLock();
        Files.createDirectories(files.dataDir());
        Files.writeString(files.pidFile(), "not a pid\n", StandardCharsets.US_ASCII);
        try (InstanceLock.Lease lease = lock.tryAcquire().orElseThrow()) {
            assertEquals(Optional.of(ownPid()), files.readPid());
        }
    }

    /**
     * The work under the lock is done when the lease closes: a pid file that cannot be read then failed the command
     * that had done it, and kept the lock until the process ended (issue 24: a restore that had put the backup back
     * exited 1 when reading daemon.pid failed).
     */
    @Test
    void aPidFileThatCannotBeReadAtTheEndNeitherFailsTheWorkNorKeepsTheLock() throws IOException {
        InstanceLock lock = newLock();
        InstanceLock.Lease lease = lock.tryAcquire().orElseThrow();
        Files.delete(files.pidFile());
        Files.createDirectories(files.pidFile().resolve("in-the-way")); // reading it fails: "Is a directory"

        lease.close();

        assertFalse(files.lockHeld(), "the lock is still held");
    }

    @Test
    void theSameDataDirReachedThroughASymlinkIsTheSameLock() throws IOException {
        InstanceLock lock = newLock();
        Path link = Files.createSymbolicLink(dir.resolve("link-to-data-dir"), Files.createDirectories(files.dataDir()));
        DaemonFiles throughLink = new DaemonFiles(link);
        try (InstanceLock.Lease lease = lock.tryAcquire().orElseThrow()) {
            assertEquals(Optional.empty(), new FileInstanceLock(throughLink).tryAcquire());
            assertTrue(throughLink.lockHeld());
            assertEquals(Optional.empty(), holdElsewhere().map(OtherProcess::pid), "the lock was dropped");
        }
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
