package io.waiaas.application.testkit;

import io.waiaas.application.port.out.UpgradeStarter;
import io.waiaas.domain.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Record each upgrade started, which the caller may then run through {@code onStart}; the verified fake of
 * {@link UpgradeStarter}. {@code failures} makes {@code start} fail on demand.
 */
public final class RecordingUpgradeStarter implements UpgradeStarter {
    private final List<Version> started = new ArrayList<>();
    private final Failures failures = new Failures();

    /** Return the failures this starter injects ({@code "start"}). */
    public Failures failures() {
        return failures;
    }

    @Override
    public synchronized void start(Version target) {
        Objects.requireNonNull(target, "target");
        failures.check("start");
        started.add(target);
    }

    /** Return every target started, in order. */
    public synchronized List<Version> started() {
        return List.copyOf(started);
    }
}
