package io.waiaas.application.port.out;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Find, start and stop the daemon process of a data dir from the outside. */
public interface DaemonControl {

    /** Return the pid of the daemon holding the data dir, or empty when none does. */
    Optional<Long> runningPid();

    /** Remove a pid file left by a daemon that is gone; tell whether there was one. */
    boolean removeStalePidFile();

    /** Start {@code waiaas start} as a detached background process. */
    Spawned spawn();

    /**
     * Start {@code waiaas start} as a detached background process that waits, before it does anything, until
     * {@link Spawned#release()}: if this process ends first (even by SIGKILL), the daemon exits without starting.
     * A caller records the pid (in the upgrade journal) before releasing it, so no daemon can serve that a crash
     * right after its start would leave unknown.
     */
    Spawned spawnHeld();

    /**
     * Return the process {@code pid} when it is a daemon of this data dir that is alive (starting, or holding the
     * data dir), such as one a crashed upgrade had started; empty for any other process or a pid no longer in use.
     */
    Optional<Spawned> daemon(long pid);

    /** Ask process {@code pid} to stop (SIGTERM) and wait up to {@code timeout}; tell whether it exited. */
    boolean terminate(long pid, Duration timeout);

    /** Kill process {@code pid} (SIGKILL) and wait up to {@code timeout}; tell whether it exited. */
    boolean kill(long pid, Duration timeout);

    /** A background daemon process just started. */
    interface Spawned {
        /** Return its pid. */
        long pid();

        /** Return its exit code once it has exited, or empty while it runs. */
        OptionalInt exitCode();

        /** Return the last line it wrote to its log, or empty. */
        Optional<String> lastLogLine();

        /** Let a daemon started by {@link #spawnHeld()} go on; nothing for any other. */
        default void release() {}
    }
}
