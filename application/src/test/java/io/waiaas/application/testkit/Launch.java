package io.waiaas.application.testkit;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Describe what the program {@link io.waiaas.application.port.out.DaemonControl#spawn()} starts does: it writes
 * {@code logLines} to its log, then exits with {@code exitCode}, or keeps running when there is none.
 *
 * @param logLines the lines written, in order
 * @param exitCode the exit code it ends with, or empty when it keeps running
 */
public record Launch(List<String> logLines, OptionalInt exitCode) {

    public Launch {
        logLines = List.copyOf(logLines);
        Objects.requireNonNull(exitCode, "exitCode");
        logLines.forEach(line -> {
            if (line.contains("\n") || line.contains("\r")) {
                throw new IllegalArgumentException("a log line holds no line break: " + line);
            }
        });
    }

    /** Describe a program that writes {@code lines} and exits with {@code exitCode}. */
    public static Launch exitsWith(int exitCode, String... lines) {
        return new Launch(List.of(lines), OptionalInt.of(exitCode));
    }

    /** Describe a program that writes {@code lines} and keeps running until it is stopped. */
    public static Launch keepsRunning(String... lines) {
        return new Launch(List.of(lines), OptionalInt.empty());
    }
}
