package io.waiaas.application.testkit;

import io.waiaas.application.port.out.UpgradeLock;
import java.util.Optional;

/**
 * Hold the upgrade lock of one data dir in memory and let a test play other upgrading processes; the verified fake
 * of {@link UpgradeLock}; thread-safe.
 */
public final class InMemoryUpgradeLock implements UpgradeLock {
    private static final String THIS_PROCESS = "this process";

    private Optional<String> holder = Optional.empty();

    @Override
    public synchronized Optional<Lease> tryAcquire() {
        if (!takeAs(THIS_PROCESS)) {
            return Optional.empty();
        }
        return Optional.of(new OwnLease());
    }

    /** Tell whether any process holds the lock. */
    public synchronized boolean held() {
        return holder.isPresent();
    }

    /** Let another process {@code name} take the lock; tell whether it got it. */
    public synchronized boolean takeAs(String name) {
        if (holder.isPresent()) {
            return false;
        }
        holder = Optional.of(name);
        return true;
    }

    /** Let process {@code name}, holding the lock, release it or die: either way the lock is free. */
    public synchronized void releaseAs(String name) {
        if (!holder.equals(Optional.of(name))) {
            throw new IllegalStateException(name + " does not hold the lock");
        }
        holder = Optional.empty();
    }

    private final class OwnLease implements Lease {
        private boolean closed;

        @Override
        public void close() {
            synchronized (InMemoryUpgradeLock.this) {
                if (!closed) {
                    closed = true;
                    releaseAs(THIS_PROCESS);
                }
            }
        }
    }
}
