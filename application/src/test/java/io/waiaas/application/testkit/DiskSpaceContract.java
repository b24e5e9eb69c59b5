package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.DiskSpace;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DiskSpace} must show: room that is never negative, needs that cover what a backup
 * copies and what an install unpacks, and the first place an upgrade cannot write (UPGR-B4).
 */
public interface DiskSpaceContract {

    /** One mebibyte. */
    long MIB = 1024L * 1024;

    /** Measure a fresh, writable data dir and install root; the data and running version are empty so far. */
    DiskSpace newDiskSpace();

    /** Add {@code bytes} to the data a backup copies (the database, its WAL, the config). */
    void addData(long bytes);

    /** Add {@code bytes} to the installed version this process runs. */
    void growRunningVersion(long bytes);

    /** Make the data dir impossible to write to; return the name it must be reported by. */
    String blockDataDir();

    /** Make the install root impossible to write to; return the name it must be reported by. */
    String blockInstallRoot();

    @Test
    default void freeRoomIsNeverNegative() {
        DiskSpace disk = newDiskSpace();
        assertTrue(disk.backupFree() >= 0, "backup free " + disk.backupFree());
        assertTrue(disk.installFree() >= 0, "install free " + disk.installFree());
    }

    @Test
    default void aBackupNeedsAtLeastTheDataItCopies() {
        DiskSpace disk = newDiskSpace();
        addData(3 * MIB);
        assertTrue(disk.backupNeed() >= 3 * MIB, "backup need " + disk.backupNeed());
    }

    @Test
    default void theBackupNeedGrowsWithTheData() {
        DiskSpace disk = newDiskSpace();
        addData(MIB);
        long before = disk.backupNeed();
        addData(2 * MIB);
        assertTrue(disk.backupNeed() >= before + 2 * MIB, before + " then " + disk.backupNeed());
    }

    @Test
    default void anInstallNeedsAtLeastTheSizeOfTheRunningVersion() {
        DiskSpace disk = newDiskSpace();
        growRunningVersion(5 * MIB);
        assertTrue(disk.installNeed() >= 5 * MIB, "install need " + disk.installNeed());
    }

    @Test
    default void theInstallNeedGrowsWithTheRunningVersion() {
        DiskSpace disk = newDiskSpace();
        growRunningVersion(MIB);
        long before = disk.installNeed();
        growRunningVersion(2 * MIB);
        assertTrue(disk.installNeed() >= before + 2 * MIB, before + " then " + disk.installNeed());
    }

    @Test
    default void writableDirsAreNotReported() {
        assertEquals(Optional.empty(), newDiskSpace().unwritable());
    }

    @Test
    default void aDataDirThatCannotBeWrittenIsNamed() {
        DiskSpace disk = newDiskSpace();
        String blocked = blockDataDir();
        assertEquals(Optional.of(blocked), disk.unwritable());
    }

    @Test
    default void anInstallRootThatCannotBeWrittenIsNamed() {
        DiskSpace disk = newDiskSpace();
        String blocked = blockInstallRoot();
        assertEquals(Optional.of(blocked), disk.unwritable());
    }

    @Test
    default void theDataDirIsNamedFirstWhenNeitherCanBeWritten() {
        DiskSpace disk = newDiskSpace();
        blockInstallRoot();
        String blocked = blockDataDir();
        assertEquals(Optional.of(blocked), disk.unwritable());
    }
}
