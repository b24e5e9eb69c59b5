package io.waiaas.domain;

import java.util.Objects;

/**
 * Report an expected failure with a one-line, operator-facing message and an {@link ErrorCode}.
 *
 * <p>Each module has one unchecked root exception extending this type; the CLI maps the code to the exit code
 * and prints the message alone, without a stack trace.
 */
public abstract class WaiaasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    protected WaiaasException(ErrorCode code, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
    }

    protected WaiaasException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Return the kind of failure, which decides the exit code. */
    public ErrorCode code() {
        return code;
    }
}
