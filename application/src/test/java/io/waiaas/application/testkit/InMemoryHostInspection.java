package io.waiaas.application.testkit;

import io.waiaas.application.port.out.HostInspection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A host that exists only in memory, shaped by a test; the verified fake of {@link HostInspection}. */
public final class InMemoryHostInspection implements HostInspection {
    private final String dataDir;
    private Directory data;
    private Directory backups;
    private final List<StaleLock> stale = new ArrayList<>();
    private final Set<Integer> occupied = new HashSet<>();
    private Optional<String> onPath = Optional.empty();
    private Optional<String> installation = Optional.empty();
    private long nextPid = 40_000;

    /** Inspect a fresh, owner-only data dir {@code dataDir}, without a backups dir yet. */
    public InMemoryHostInspection(String dataDir) {
        this.dataDir = dataDir;
        this.data = new Directory("data dir", dataDir, true, true, true, Optional.of("rwx------"));
        this.backups = new Directory("backups dir", dataDir + "/backups", false, true, false, Optional.empty());
    }

    /** Create the backups dir, owner-only. */
    public synchronized void createBackupsDir() {
        backups = new Directory("backups dir", backups.path(), true, true, true, Optional.of("rwx------"));
    }

    /** Open the data dir to others. */
    public synchronized void openDataDirToOthers() {
        data = new Directory("data dir", dataDir, true, true, false, Optional.of("rwxr-xr-x"));
    }

    /** Make the backups dir impossible to write. */
    public synchronized void blockBackupsDir() {
        backups = new Directory("backups dir", backups.path(), true, false, false, Optional.of("rw-------"));
    }

    /** Leave a stale pid file; return the pid it names. */
    public synchronized long leaveStalePidFile() {
        long pid = nextPid++;
        stale.add(new StaleLock(StaleLock.Kind.DAEMON_PID, dataDir + "/daemon.pid", Optional.of(pid)));
        return pid;
    }

    /** Leave an upgrade journal nobody holds. */
    public synchronized void leaveUpgradeJournal() {
        stale.add(new StaleLock(StaleLock.Kind.UPGRADE_JOURNAL, dataDir + "/upgrade.journal", Optional.empty()));
    }

    /** Let something listen on {@code port}. */
    public synchronized void occupy(int port) {
        occupied.add(port);
    }

    /** Make {@code PATH} run {@code resolved}. */
    public synchronized void onPath(String resolved) {
        onPath = Optional.of(resolved);
    }

    /** Make this installation's launcher {@code launcher}. */
    public synchronized void installation(String launcher) {
        installation = Optional.of(launcher);
    }

    @Override
    public synchronized List<Directory> directories() {
        return List.of(data, backups);
    }

    @Override
    public synchronized List<StaleLock> staleLocks() {
        return List.copyOf(stale);
    }

    @Override
    public synchronized boolean portFree(String host, int port) {
        return !occupied.contains(port);
    }

    @Override
    public synchronized CommandLookup lookUp(String command) {
        return new CommandLookup(onPath, installation);
    }
}
