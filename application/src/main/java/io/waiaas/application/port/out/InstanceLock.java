package io.waiaas.application.port.out;

import java.util.Optional;

/** Make sure at most one daemon runs per data dir, and publish its pid while it does. */
public interface InstanceLock {

    /** Take the lock and publish this process's pid, or return empty when another daemon holds it. */
    Optional<Lease> tryAcquire();

    /** A held lock; closing it removes the pid file and releases the lock. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
