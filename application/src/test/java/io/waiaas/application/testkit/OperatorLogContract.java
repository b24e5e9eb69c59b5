package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.port.out.OperatorLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link OperatorLog} must show: each line reaches the operator once, at its level. */
public interface OperatorLogContract {

    /** Create a log whose output {@link #logged()} reads. */
    OperatorLog newLog();

    /** Return every line the log of {@link #newLog()} wrote, oldest first, as the operator reads it. */
    List<LogLine> logged();

    @Test
    default void logsAFactAtInfo() {
        newLog().info("version check: latest release is 1.10.0");
        assertEquals(List.of(LogLine.info("version check: latest release is 1.10.0")), logged());
    }

    @Test
    default void logsAProblemAtWarn() {
        newLog().warn("version check of @waiaas/cli@latest failed: registry down");
        assertEquals(List.of(LogLine.warn("version check of @waiaas/cli@latest failed: registry down")), logged());
    }

    @Test
    default void keepsTheOrderOfTheLines() {
        OperatorLog log = newLog();
        log.warn("first");
        log.info("second");
        log.warn("third");
        assertEquals(List.of(LogLine.warn("first"), LogLine.info("second"), LogLine.warn("third")), logged());
    }

    @Test
    default void writesTheMessageVerbatimWithoutTreatingItAsAPattern() {
        OperatorLog log = newLog();
        String message = "UPDATE_AVAILABLE: {0} is 100% ready, 'quoted' ✓ %s";
        log.info(message);
        log.warn(message);
        assertEquals(List.of(LogLine.info(message), LogLine.warn(message)), logged());
    }
}
