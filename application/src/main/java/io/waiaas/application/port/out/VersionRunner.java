package io.waiaas.application.port.out;

import java.time.Duration;
import java.util.List;

/** Run the command line of an installed version of waiaas, which may be another version than this one. */
public interface VersionRunner {

    /**
     * Run {@code waiaas --data-dir DIR args...} of {@code version} to completion, killing it after {@code timeout}.
     *
     * @return its exit code and output; a timeout is exit code -1
     */
    CommandResult run(InstalledVersion version, List<String> args, Duration timeout);

    /** Return the control of daemons started from {@code version}'s launcher. */
    DaemonControl daemonsOf(InstalledVersion version);
}
