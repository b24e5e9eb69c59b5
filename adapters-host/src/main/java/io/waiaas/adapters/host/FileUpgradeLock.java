package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.UpgradeLock;
import io.waiaas.platform.HeldLocks;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Hold an OS file lock on {@code {dataDir}/upgrade.lock} while an upgrade runs; the OS drops it if we die. */
public final class FileUpgradeLock implements UpgradeLock {
    private final Path file;

    /** Create the lock of the data dir {@code dataDir}. */
    public FileUpgradeLock(Path dataDir) {
        this.file = Layout.upgradeLock(dataDir);
    }

    @Override
    public Optional<Lease> tryAcquire() {
        try {
            return HeldLocks.tryLock(file).map(held -> held::close);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot lock " + file + ": " + IoErrors.describe(e, file));
        }
    }
}
