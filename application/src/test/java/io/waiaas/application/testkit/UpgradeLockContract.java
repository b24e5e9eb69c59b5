package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.UpgradeLock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UpgradeLock} must show: one upgrade or rollback at a time per data dir, across
 * processes, and a lock that the death of its holder frees, so the next command can recover (UPGR-B5).
 */
public interface UpgradeLockContract {

    /** Create the lock of a fresh data dir. */
    UpgradeLock newLock();

    /**
     * Let another process try to take the lock of the data dir of the last {@link #newLock()}, as a second
     * {@code waiaas upgrade} would.
     *
     * @return that process, holding the lock; empty when it was refused
     */
    Optional<OtherProcess> holdElsewhere();

    /** Another process holding the upgrade lock of the same data dir. */
    interface OtherProcess {
        /** Let it finish its upgrade: it releases the lock and exits. */
        void release();

        /** Kill it hard (SIGKILL): it cannot release anything itself. */
        void crash();
    }

    @Test
    default void aFreeLockIsTaken() {
        UpgradeLock lock = newLock();
        Optional<UpgradeLock.Lease> lease = lock.tryAcquire();
        assertTrue(lease.isPresent(), "a free lock is refused");
        lease.get().close();
    }

    @Test
    default void aSecondAcquireInTheSameProcessIsRefusedWhileHeld() {
        UpgradeLock lock = newLock();
        try (UpgradeLock.Lease lease = lock.tryAcquire().orElseThrow()) {
            assertEquals(Optional.empty(), lock.tryAcquire());
            assertEquals(Optional.empty(), holdElsewhere().map(p -> "taken"), "the refusal released the lock");
        }
    }

    @Test
    default void anotherProcessIsRefusedWhileThisOneHoldsTheLock() {
        UpgradeLock lock = newLock();
        try (UpgradeLock.Lease lease = lock.tryAcquire().orElseThrow()) {
            assertEquals(Optional.empty(), holdElsewhere().map(p -> "taken"));
        }
    }

    @Test
    default void thisProcessIsRefusedWhileAnotherHoldsTheLock() {
        UpgradeLock lock = newLock();
        OtherProcess other = holdElsewhere().orElseThrow(() -> new AssertionError("a free lock is refused"));
        assertEquals(Optional.empty(), lock.tryAcquire());
        other.release();
    }

    @Test
    default void closingTheLeaseReleasesTheLockForEveryone() {
        UpgradeLock lock = newLock();
        lock.tryAcquire().orElseThrow().close();
        holdElsewhere()
                .orElseThrow(() -> new AssertionError("the lock was not released"))
                .release();
        lock.tryAcquire()
                .orElseThrow(() -> new AssertionError("the lock cannot be taken again"))
                .close();
    }

    @Test
    default void closingTheLeaseAgainLeavesTheNextHolderAlone() {
        UpgradeLock lock = newLock();
        UpgradeLock.Lease lease = lock.tryAcquire().orElseThrow();
        lease.close();
        OtherProcess other = holdElsewhere().orElseThrow(() -> new AssertionError("the lock was not released"));
        lease.close();
        assertEquals(Optional.empty(), lock.tryAcquire(), "a second close released another holder's lock");
        other.release();
    }

    @Test
    default void aHolderThatFinishesFreesTheLock() {
        UpgradeLock lock = newLock();
        holdElsewhere().orElseThrow().release();
        lock.tryAcquire()
                .orElseThrow(() -> new AssertionError("the lock was not released"))
                .close();
    }

    @Test
    default void aHolderKilledHardFreesTheLock() {
        UpgradeLock lock = newLock();
        holdElsewhere().orElseThrow().crash();
        lock.tryAcquire()
                .orElseThrow(() -> new AssertionError("a dead holder still holds the lock"))
                .close();
    }

    @Test
    default void theLocksOfTwoDataDirsAreIndependent() {
        UpgradeLock first = newLock();
        try (UpgradeLock.Lease lease = first.tryAcquire().orElseThrow()) {
            UpgradeLock second = newLock();
            second.tryAcquire()
                    .orElseThrow(() -> new AssertionError("another data dir's upgrade blocks this one"))
                    .close();
        }
    }
}
