package io.waiaas.application.datadir;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.InstanceLock;
import java.util.Objects;

/**
 * Make sure no daemon runs while a command replaces or migrates its data, and none starts until it is done.
 *
 * <p>The pid check gives the operator a clear refusal; the data dir's lock, held for the whole operation, closes
 * the race with a daemon starting meanwhile.
 */
public final class OfflineGuard {
    private final DaemonControl daemon;
    private final InstanceLock lock;

    /** Create the guard over the data dir's daemon and its lock. */
    public OfflineGuard(DaemonControl daemon, InstanceLock lock) {
        this.daemon = Objects.requireNonNull(daemon, "daemon");
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * Take the data dir's lock for {@code command}, or refuse (exit 5) while a daemon holds it.
     *
     * @param command the command line being run, for the message, e.g. {@code waiaas db migrate}
     */
    public InstanceLock.Lease acquire(String command) {
        daemon.runningPid().ifPresent(pid -> {
            throw ApplicationException.refused("waiaas is running (pid " + pid + "); nothing was changed; stop it"
                    + " first with: waiaas stop, then run: " + command);
        });
        return lock.tryAcquire()
                .orElseThrow(() -> ApplicationException.refused("a waiaas daemon is starting for"
                        + " this data dir; nothing was changed; stop it first with: waiaas stop, then run: "
                        + command));
    }
}
