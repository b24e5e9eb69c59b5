package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.host.testkit.LockHolder;
import io.waiaas.application.port.out.UpgradeLock;
import io.waiaas.application.testkit.UpgradeLockContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link UpgradeLockContract} against real lock files, with a second JVM as the other upgrade. */
class FileUpgradeLockIT implements UpgradeLockContract {
    @TempDir
    Path dir;

    private final List<LockHolder> holders = new ArrayList<>();
    private Path dataDir;
    private int dataDirs;

    @AfterEach
    void killTheOtherUpgrades() {
        holders.forEach(LockHolder::crash);
    }

    @Override
    public UpgradeLock newLock() {
        dataDir = dir.resolve("data-dir-" + ++dataDirs);
        return new FileUpgradeLock(dataDir);
    }

    @Override
    public Optional<OtherProcess> holdElsewhere() {
        return LockHolder.holdUpgradeLock(dataDir).map(holder -> {
            holders.add(holder);
            return new OtherProcess() {
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

    @Test
    void createsAMissingDataDirAndLeavesItsLockFileForTheNextUpgrade() {
        UpgradeLock lock = newLock();
        lock.tryAcquire().orElseThrow().close();
        assertTrue(Files.isRegularFile(dataDir.resolve("upgrade.lock")));
        lock.tryAcquire()
                .orElseThrow(() -> new AssertionError("a lock file left behind keeps the lock"))
                .close();
    }
}
