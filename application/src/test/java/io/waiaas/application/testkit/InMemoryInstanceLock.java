package io.waiaas.application.testkit;

import io.waiaas.application.port.out.InstanceLock;
import java.util.Optional;

/**
 * Hold the lock of one data dir in memory, with its pid file, and let a test play other daemon processes; the
 * verified fake of {@link InstanceLock}; thread-safe.
 */
public final class InMemoryInstanceLock implements InstanceLock {
    private final long ownPid;
    private Optional<Long> holder = Optional.empty();
    private Optional<Long> pidFile = Optional.empty();
    private int acquired;

    /** Create the lock of a fresh data dir, taken by this process as {@code ownPid}. */
    public InMemoryInstanceLock(long ownPid) {
        this.ownPid = ownPid;
    }

    @Override
    public synchronized Optional<Lease> tryAcquire() {
        if (holder.isPresent()) {
            return Optional.empty();
        }
        holder = Optional.of(ownPid);
        pidFile = Optional.of(ownPid);
        acquired++;
        return Optional.of(new OwnLease());
    }

    /** Return the pid this process publishes. */
    public long ownPid() {
        return ownPid;
    }

    /** Return the pid in the data dir's pid file, or empty. */
    public synchronized Optional<Long> publishedPid() {
        return pidFile;
    }

    /** Tell whether any process holds the lock. */
    public synchronized boolean held() {
        return holder.isPresent();
    }

    /** Return how many times this process took the lock. */
    public synchronized int acquisitions() {
        return acquired;
    }

    /** Let another daemon process {@code pid} take the lock and publish its pid; tell whether it got it. */
    public synchronized boolean takeAs(long pid) {
        if (holder.isPresent()) {
            return false;
        }
        holder = Optional.of(pid);
        pidFile = Optional.of(pid);
        return true;
    }

    /** Let process {@code pid}, holding the lock, stop gracefully: its pid file goes, then the lock. */
    public synchronized void releaseAs(long pid) {
        requireHolder(pid);
        if (pidFile.equals(Optional.of(pid))) {
            pidFile = Optional.empty();
        }
        holder = Optional.empty();
    }

    /** Let process {@code pid}, holding the lock, die by SIGKILL: the OS frees the lock, its pid file stays. */
    public synchronized void crash(long pid) {
        requireHolder(pid);
        holder = Optional.empty();
    }

    /** Leave a pid file naming process {@code pid}, which is gone, with nobody holding the lock. */
    public synchronized void leaveStalePidFile(long pid) {
        if (holder.isPresent()) {
            throw new IllegalStateException("the lock is held by " + holder.get() + "; its pid file is not stale");
        }
        pidFile = Optional.of(pid);
    }

    private void requireHolder(long pid) {
        if (!holder.equals(Optional.of(pid))) {
            throw new IllegalStateException("process " + pid + " does not hold the lock");
        }
    }

    private final class OwnLease implements Lease {
        private boolean closed;

        @Override
        public void close() {
            synchronized (InMemoryInstanceLock.this) {
                if (closed) {
                    return;
                }
                closed = true;
                if (pidFile.equals(Optional.of(ownPid))) {
                    pidFile = Optional.empty();
                }
                holder = Optional.empty();
            }
        }
    }
}
