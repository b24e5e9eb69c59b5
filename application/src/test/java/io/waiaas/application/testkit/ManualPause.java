package io.waiaas.application.testkit;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.Pause;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Let time pass by moving a {@link MutableClock} instead of sleeping; the verified fake of {@link Pause}. A test can
 * hook what happens meanwhile (a daemon coming up, a process exiting) with {@link #whilePausing}.
 */
public final class ManualPause implements Pause {
    private final MutableClock clock;
    private final CopyOnWriteArrayList<Consumer<Duration>> meanwhile = new CopyOnWriteArrayList<>();
    private volatile int pauses;

    /** Create a pause that moves {@code clock}. */
    public ManualPause(MutableClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Run {@code step} with the time passed at every pause, after the clock moved. */
    public ManualPause whilePausing(Consumer<Duration> step) {
        meanwhile.add(Objects.requireNonNull(step, "step"));
        return this;
    }

    /** Return how often the use case paused. */
    public int pauses() {
        return pauses;
    }

    @Override
    public void pause(Duration duration) {
        if (Thread.currentThread().isInterrupted()) {
            throw ApplicationException.failed("interrupted while waiting");
        }
        pauses++;
        clock.advance(duration);
        meanwhile.forEach(step -> step.accept(duration));
    }
}
