package io.waiaas.application.port.in;

/** Tell how {@code waiaas stop} ended. */
public sealed interface StopResult {

    /** Nothing was running; {@code staleCleaned} says whether a stale pid file was removed. */
    record NotRunning(boolean staleCleaned) implements StopResult {}

    /** The daemon exited after SIGTERM within the shutdown timeout. */
    record Stopped(long pid) implements StopResult {}

    /** The daemon ignored SIGTERM for the whole shutdown timeout and was killed. */
    record Killed(long pid) implements StopResult {}
}
