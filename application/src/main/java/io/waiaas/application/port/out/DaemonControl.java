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
    }
}
