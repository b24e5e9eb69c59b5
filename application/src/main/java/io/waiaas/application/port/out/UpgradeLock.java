package io.waiaas.application.port.out;

import java.util.Optional;

/** Make sure at most one upgrade or rollback runs per data dir at a time. */
public interface UpgradeLock {

    /** Take the lock, or return empty when another upgrade holds it. */
    Optional<Lease> tryAcquire();

    /** A held lock; closing releases it. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
