package io.waiaas.adapters.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Read the daemon's log, {@code logs/daemon.log} and the files it was rotated into: what {@code waiaas logs} shows
 * (LOGS-02). Bootstrap hands one over through {@link InPorts#daemonLog()}, as the file adapter is not the CLI's to use.
 */
public interface DaemonLog {

    /** Return the log's current file. */
    Path file();

    /** Tell whether there is any log to read yet. */
    boolean exists();

    /** Return its last {@code lines} complete lines, oldest first, across the rotation boundary. */
    List<String> last(int lines) throws IOException;

    /** Pass its last {@code lines} lines to {@code sink}, then every new one as it is written, until interrupted. */
    void follow(int lines, Consumer<String> sink) throws IOException, InterruptedException;
}
