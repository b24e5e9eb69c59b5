package io.waiaas.application.port.out;

import java.util.List;
import java.util.Optional;

/** Look at the host the way {@code waiaas doctor} needs: the data dir's folders and locks, a port, {@code PATH}. */
public interface HostInspection {

    /** Return the data dir and its backups dir, in that order, as they are now. */
    List<Directory> directories();

    /**
     * Return the lock files of the data dir whose holder is gone: a {@code daemon.pid} naming a process that no longer
     * runs while nobody holds {@code daemon.lock}, and an upgrade journal while nobody holds {@code upgrade.lock}.
     */
    List<StaleLock> staleLocks();

    /** Tell whether nothing listens on {@code host:port}, so a daemon could bind it. */
    boolean portFree(String host, int port);

    /**
     * Return what {@code PATH} runs as {@code command} (the real path, links followed) and the real path of this
     * installation's launcher ({@code {installRoot}/bin/waiaas} when the install root has one, else the running one).
     */
    CommandLookup lookUp(String command);

    /**
     * One folder of the data dir.
     *
     * @param role {@code data dir} or {@code backups dir}
     * @param path where it is
     * @param exists whether it exists (as a folder)
     * @param writable whether this process may create files in it
     * @param ownerOnly whether only its owner may enter it (mode 0700 or narrower)
     * @param mode its permissions, such as {@code rwx------}; empty where the file system has none
     */
    record Directory(
            String role, String path, boolean exists, boolean writable, boolean ownerOnly, Optional<String> mode) {}

    /**
     * A lock file whose holder is gone.
     *
     * @param kind which lock
     * @param file the file left behind
     * @param holder the pid it names, when it names one
     */
    record StaleLock(Kind kind, String file, Optional<Long> holder) {
        /** Which lock is stale. */
        public enum Kind {
            /** {@code daemon.pid} of a daemon that is gone. */
            DAEMON_PID,
            /** The journal of an upgrade whose process is gone. */
            UPGRADE_JOURNAL
        }
    }

    /**
     * What {@code PATH} resolves a command to.
     *
     * @param resolved the real path of the first executable found on {@code PATH}, empty when none is
     * @param installation the real path this installation's launcher resolves to, empty when unknown (a source run)
     */
    record CommandLookup(Optional<String> resolved, Optional<String> installation) {}
}
