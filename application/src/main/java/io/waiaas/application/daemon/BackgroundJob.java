package io.waiaas.application.daemon;

import java.time.Duration;

/** Describe work the daemon repeats in the background while it runs. */
public interface BackgroundJob {

    /** Return a short name for logs. */
    String name();

    /** Return how often the job runs. */
    Duration interval();

    /** Prepare the job once the database is ready, before the daemon reports ready; must be quick and never throw. */
    default void prepare() {}

    /** Run the job once; called at start and then every {@link #interval()}. */
    void run();
}
