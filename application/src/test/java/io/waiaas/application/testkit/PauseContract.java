package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.Pause;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Pause} must show: the time asked for passes, and an interrupt ends the wait. */
public interface PauseContract {

    /** Create the pause under test. */
    Pause newPause();

    /** Return the clock on which the pause's time passes. */
    InstantSource clock();

    @Test
    default void letsAtLeastTheTimeAskedForPass() {
        Pause pause = newPause();
        Instant before = clock().instant();
        pause.pause(Duration.ofMillis(50));
        Duration passed = Duration.between(before, clock().instant());
        assertTrue(passed.compareTo(Duration.ofMillis(50)) >= 0, "only " + passed + " passed");
    }

    @Test
    default void anInterruptedThreadFailsAtOnceAndStaysInterrupted() {
        Pause pause = newPause();
        Thread.currentThread().interrupt();
        try {
            WaiaasException e = assertThrows(WaiaasException.class, () -> pause.pause(Duration.ofSeconds(30)));
            assertEquals(ErrorCode.FAILED, e.code());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag was lost");
        } finally {
            Thread.interrupted();
        }
    }
}
