package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.HostInspection;
import io.waiaas.application.port.out.HostInspection.StaleLock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link HostInspection} must show: the data dir and its backups dir as they are, the lock files
 * whose holders are gone (and none whose holder runs), whether a port is free, and what {@code PATH} runs (DOCT-02).
 */
public interface HostInspectionContract {

    /** Inspect a fresh data dir: it exists, owner-only and writable, with no backups dir yet, nothing locked. */
    HostInspection newInspection();

    /** Return the data dir's path as the inspection reports it. */
    String dataDir();

    /** Create the backups dir, owner-only. */
    void createBackupsDir();

    /** Open the data dir to other users (mode 0755). */
    void openDataDirToOthers();

    /** Make the backups dir impossible to write (something that is no folder takes its place). */
    void blockBackupsDir();

    /** Leave a {@code daemon.pid} naming a process that is gone; return that pid. */
    long leaveStalePidFile();

    /** Let a live daemon hold the data dir (its lock and pid file). */
    void holdDataDir();

    /** Leave an upgrade journal behind with nobody holding the upgrade lock. */
    void leaveUpgradeJournal();

    /** Return a loopback port something listens on (for as long as the test runs). */
    int occupiedPort();

    /** Return a loopback port nothing listens on. */
    int freePort();

    /** Put this installation's launcher first on {@code PATH}; return the real path it must be reported by. */
    String putInstallationOnPath();

    /** Put another waiaas first on {@code PATH}; return the real path it must be reported by. */
    String putOtherOnPath();

    @Test
    default void aFreshDataDirIsWritableAndOwnerOnlyAndItsBackupsDirDoesNotExistYet() {
        List<HostInspection.Directory> dirs = newInspection().directories();
        assertEquals(2, dirs.size());
        HostInspection.Directory data = dirs.get(0);
        assertEquals("data dir", data.role());
        assertEquals(dataDir(), data.path());
        assertTrue(data.exists() && data.writable() && data.ownerOnly(), data.toString());
        assertEquals("backups dir", dirs.get(1).role());
        assertFalse(dirs.get(1).exists(), dirs.get(1).toString());
    }

    @Test
    default void anOwnerOnlyBackupsDirIsReportedSo() {
        HostInspection inspection = newInspection();
        createBackupsDir();
        HostInspection.Directory backups = inspection.directories().get(1);
        assertTrue(backups.exists() && backups.writable() && backups.ownerOnly(), backups.toString());
    }

    @Test
    default void aDataDirOpenToOthersIsNotOwnerOnlyAndShowsItsMode() {
        HostInspection inspection = newInspection();
        openDataDirToOthers();
        HostInspection.Directory data = inspection.directories().get(0);
        assertFalse(data.ownerOnly());
        assertEquals(Optional.of("rwxr-xr-x"), data.mode());
    }

    @Test
    default void aBlockedBackupsDirIsNotWritable() {
        HostInspection inspection = newInspection();
        blockBackupsDir();
        HostInspection.Directory backups = inspection.directories().get(1);
        assertTrue(backups.exists(), backups.toString());
        assertFalse(backups.writable(), backups.toString());
    }

    @Test
    default void nothingIsStaleInAFreshDataDir() {
        assertEquals(List.of(), newInspection().staleLocks());
    }

    @Test
    default void aPidFileOfAProcessThatIsGoneIsStale() {
        HostInspection inspection = newInspection();
        long pid = leaveStalePidFile();
        List<StaleLock> stale = inspection.staleLocks();
        assertEquals(1, stale.size(), stale.toString());
        assertEquals(StaleLock.Kind.DAEMON_PID, stale.getFirst().kind());
        assertEquals(Optional.of(pid), stale.getFirst().holder());
        assertTrue(
                stale.getFirst().file().endsWith("daemon.pid"), stale.getFirst().file());
    }

    @Test
    default void theLockOfARunningDaemonIsNotStale() {
        HostInspection inspection = newInspection();
        holdDataDir();
        assertEquals(List.of(), inspection.staleLocks());
    }

    @Test
    default void anUpgradeJournalNobodyHoldsIsStale() {
        HostInspection inspection = newInspection();
        leaveUpgradeJournal();
        List<StaleLock> stale = inspection.staleLocks();
        assertEquals(1, stale.size(), stale.toString());
        assertEquals(StaleLock.Kind.UPGRADE_JOURNAL, stale.getFirst().kind());
    }

    @Test
    default void aPortSomethingListensOnIsNotFreeAndAnotherIs() {
        HostInspection inspection = newInspection();
        assertFalse(inspection.portFree("127.0.0.1", occupiedPort()));
        assertTrue(inspection.portFree("127.0.0.1", freePort()));
    }

    @Test
    default void pathRunningNoWaiaasResolvesToNothing() {
        assertEquals(Optional.empty(), newInspection().lookUp("waiaas").resolved());
    }

    @Test
    default void pathRunningThisInstallationResolvesToItsLauncher() {
        HostInspection inspection = newInspection();
        String launcher = putInstallationOnPath();
        HostInspection.CommandLookup lookup = inspection.lookUp("waiaas");
        assertEquals(Optional.of(launcher), lookup.resolved());
        assertEquals(Optional.of(launcher), lookup.installation());
    }

    @Test
    default void pathRunningAnotherWaiaasResolvesToThatOne() {
        HostInspection inspection = newInspection();
        putInstallationOnPath();
        String other = putOtherOnPath();
        HostInspection.CommandLookup lookup = inspection.lookUp("waiaas");
        assertEquals(Optional.of(other), lookup.resolved());
        assertFalse(lookup.installation().equals(lookup.resolved()), lookup.toString());
    }
}
