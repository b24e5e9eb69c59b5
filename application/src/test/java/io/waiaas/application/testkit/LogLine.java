package io.waiaas.application.testkit;

import java.util.Objects;

/**
 * Record one line an {@link io.waiaas.application.port.out.OperatorLog} wrote, as the operator reads it.
 *
 * @param level the level it was logged at
 * @param message the text, after any formatting the log applies
 */
public record LogLine(Level level, String message) {

    public LogLine {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    /** Create an INFO line. */
    public static LogLine info(String message) {
        return new LogLine(Level.INFO, message);
    }

    /** Create a WARN line. */
    public static LogLine warn(String message) {
        return new LogLine(Level.WARN, message);
    }

    /** The two levels the operator log knows. */
    public enum Level {
        INFO,
        WARN
    }
}
