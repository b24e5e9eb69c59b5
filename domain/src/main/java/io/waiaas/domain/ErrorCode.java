package io.waiaas.domain;

/** Classify a failure; each code owns the process exit code the CLI ends with (CMDS-03). */
public enum ErrorCode {
    /** The operation failed; the message says why. */
    FAILED(1),
    /** The command line was not understood. */
    USAGE(2),
    /** An upgrade failed and was rolled back cleanly. */
    ROLLED_BACK(3),
    /** An upgrade failed and the rollback failed too; the message carries the manual recovery steps. */
    ROLLBACK_FAILED(4),
    /** Refused before anything was changed (preflight, schema incompatibility, lock, disk space). */
    REFUSED(5);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** Return the process exit code for this kind of failure. */
    public int exitCode() {
        return exitCode;
    }
}
