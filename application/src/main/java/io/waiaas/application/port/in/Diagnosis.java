package io.waiaas.application.port.in;

import java.util.List;
import java.util.Objects;

/**
 * What {@code waiaas doctor} found (DOCT-01): one check per line, each ok, warn or fail.
 *
 * @param checks the checks in the order they ran
 */
public record Diagnosis(List<Check> checks) {

    public Diagnosis {
        checks = List.copyOf(checks);
    }

    /** Tell whether any check failed: the command then exits 1. */
    public boolean failed() {
        return checks.stream().anyMatch(c -> c.status() == Status.FAIL);
    }

    /** How one check came out. */
    public enum Status {
        /** Nothing to do. */
        OK,
        /** Works, but something deserves the operator's attention. */
        WARN,
        /** Broken: the message says what to do. */
        FAIL;

        /** Return the word scripts read: {@code ok}, {@code warn} or {@code fail}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One check's finding.
     *
     * @param name the check's name, such as {@code data-dir}
     * @param status how it came out
     * @param message what was found and, when not ok, what to do; never a secret
     */
    public record Check(String name, Status status, String message) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
        }

        /** Return an ok finding. */
        public static Check ok(String name, String message) {
            return new Check(name, Status.OK, message);
        }

        /** Return a warning. */
        public static Check warn(String name, String message) {
            return new Check(name, Status.WARN, message);
        }

        /** Return a failure. */
        public static Check fail(String name, String message) {
            return new Check(name, Status.FAIL, message);
        }
    }
}
