package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.InstanceLock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InstanceLock} must show: one holder per data dir across processes, a published pid
 * while held, and a lock that the death of its holder frees whatever its pid file says.
 */
public interface InstanceLockContract {

    /** Create the lock of a fresh data dir. */
    InstanceLock newLock();

    /** Return the pid the lock of {@link #newLock()} publishes for this process. */
    long ownPid();

    /** Return the pid published in the data dir of {@link #newLock()}, or empty when none is. */
    Optional<Long> publishedPid();

    /**
     * Let another process try to take the lock of the same data dir, as a second daemon would.
     *
     * @return that process, holding the lock; empty when it was refused
     */
    Optional<OtherProcess> holdElsewhere();

    /** Leave a pid file in the data dir naming a process that is gone, as a crashed daemon does. */
    void leaveStalePidFile();

    /** Another process holding the lock of the same data dir. */
    interface OtherProcess {
        /** Return its pid. */
        long pid();

        /** Let it stop gracefully: it removes its pid file and releases the lock. */
        void release();

        /** Kill it hard (SIGKILL): it cannot clean anything up. */
        void crash();
    }

    @Test
    default void acquiringPublishesThisProcessesPid() {
        InstanceLock lock = newLock();
        assertEquals(Optional.empty(), publishedPid());
        Optional<InstanceLock.Lease> lease = lock.tryAcquire();
        assertTrue(lease.isPresent(), "a free lock is taken");
        assertEquals(Optional.of(ownPid()), publishedPid());
        lease.get().close();
    }

    @Test
    default void aSecondAcquireInTheSameProcessIsRefusedAndChangesNothing() {
        InstanceLock lock = newLock();
        InstanceLock.Lease lease = lock.tryAcquire().orElseThrow();
        assertEquals(Optional.empty(), lock.tryAcquire());
        assertEquals(Optional.of(ownPid()), publishedPid());
        assertEquals(Optional.empty(), holdElsewhere().map(OtherProcess::pid), "still held after the refusal");
        lease.close();
    }

    @Test
    default void anotherProcessIsRefusedWhileThisOneHoldsTheLock() {
        InstanceLock lock = newLock();
        InstanceLock.Lease lease = lock.tryAcquire().orElseThrow();
        assertEquals(Optional.empty(), holdElsewhere().map(OtherProcess::pid));
        assertEquals(Optional.of(ownPid()), publishedPid(), "the refused process must not overwrite the pid");
        lease.close();
    }

    @Test
    default void thisProcessIsRefusedWhileAnotherHoldsTheLockAndLeavesItsPid() {
        InstanceLock lock = newLock();
        OtherProcess other = holdElsewhere().orElseThrow(() -> new AssertionError("a free lock is taken"));
        assertEquals(Optional.of(other.pid()), publishedPid());
        assertEquals(Optional.empty(), lock.tryAcquire());
        assertEquals(Optional.of(other.pid()), publishedPid(), "a refused acquire must not overwrite the pid");
        other.release();
    }

    @Test
    default void closingTheLeaseRemovesThePidAndReleasesTheLock() {
        InstanceLock lock = newLock();
        lock.tryAcquire().orElseThrow().close();
        assertEquals(Optional.empty(), publishedPid());
        OtherProcess other = holdElsewhere().orElseThrow(() -> new AssertionError("the lock was not released"));
        other.release();
        lock.tryAcquire()
                .orElseThrow(() -> new AssertionError("the lock cannot be taken again"))
                .close();
    }

    @Test
    default void closingTheLeaseAgainLeavesTheNextHolderAlone() {
        InstanceLock lock = newLock();
        InstanceLock.Lease lease = lock.tryAcquire().orElseThrow();
        lease.close();
        OtherProcess other = holdElsewhere().orElseThrow(() -> new AssertionError("the lock was not released"));
        lease.close();
        assertEquals(Optional.of(other.pid()), publishedPid(), "a second close removed another holder's pid");
        assertEquals(Optional.empty(), lock.tryAcquire(), "a second close released another holder's lock");
        other.release();
    }

    @Test
    default void aStalePidFileDoesNotKeepTheLock() {
        InstanceLock lock = newLock();
        leaveStalePidFile();
        InstanceLock.Lease lease = lock.tryAcquire().orElseThrow(() -> new AssertionError("refused by a stale pid"));
        assertEquals(Optional.of(ownPid()), publishedPid());
        lease.close();
        assertEquals(Optional.empty(), publishedPid());
    }

    @Test
    default void aHolderThatStopsGracefullyFreesTheLockAndItsPid() {
        InstanceLock lock = newLock();
        holdElsewhere().orElseThrow().release();
        assertEquals(Optional.empty(), publishedPid());
        lock.tryAcquire()
                .orElseThrow(() -> new AssertionError("the lock was not released"))
                .close();
    }

    @Test
    default void aHolderKilledHardFreesTheLockThoughItsPidFileStays() {
        InstanceLock lock = newLock();
        OtherProcess other = holdElsewhere().orElseThrow();
        other.crash();
        InstanceLock.Lease lease =
                lock.tryAcquire().orElseThrow(() -> new AssertionError("a dead holder still holds the lock"));
        assertEquals(Optional.of(ownPid()), publishedPid());
        lease.close();
    }
}
