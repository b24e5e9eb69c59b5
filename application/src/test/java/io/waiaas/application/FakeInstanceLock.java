package io.waiaas.application;

import io.waiaas.application.port.out.InstanceLock;
import java.util.Optional;

/** Hold the data dir's lock in memory: one lease at a time. */
final class FakeInstanceLock implements InstanceLock {
    private boolean held;
    int acquired;

    @Override
    public synchronized Optional<Lease> tryAcquire() {
        if (held) {
            return Optional.empty();
        }
        held = true;
        acquired++;
        return Optional.of(new Lease() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (FakeInstanceLock.this) {
                    if (!closed) {
                        closed = true;
                        held = false;
                    }
                }
            }
        });
    }

    synchronized boolean held() {
        return held;
    }

    /** Take the lock as another process would, and keep it. */
    synchronized void holdElsewhere() {
        held = true;
    }
}
