package io.waiaas.application.port.out;

import java.util.Objects;

/**
 * Describe how a command of another waiaas version ended.
 *
 * @param exitCode its exit code, -1 when it was killed for taking too long
 * @param stdout what it printed on standard output
 * @param stderr what it printed on standard error
 */
public record CommandResult(int exitCode, String stdout, String stderr) {
    public CommandResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** Return the last non-blank line of stderr (else stdout), the usual one-line reason of a failure. */
    public String reason() {
        String from = stderr.isBlank() ? stdout : stderr;
        return from.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .reduce((a, b) -> b)
                .map(l -> l.startsWith("waiaas: ") ? l.substring(8) : l)
                .orElse("exit code " + exitCode);
    }
}
