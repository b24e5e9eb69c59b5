package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.port.out.Pause;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the {@link PauseContract} against the fake, which moves a clock instead of sleeping. */
class ManualPauseTest implements PauseContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));

    @Override
    public Pause newPause() {
        return new ManualPause(clock);
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Test
    void runsWhatHappensMeanwhileAfterTheClockMoved() {
        List<Instant> seen = new ArrayList<>();
        ManualPause pause = new ManualPause(clock).whilePausing(d -> seen.add(clock.instant()));
        pause.pause(Duration.ofSeconds(2));
        pause.pause(Duration.ofSeconds(3));
        assertEquals(List.of(Instant.parse("2026-12-07T00:00:02Z"), Instant.parse("2026-12-07T00:00:05Z")), seen);
        assertEquals(2, pause.pauses());
    }
}
