package io.waiaas.adapters.cli;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;

/** Report an expected failure of the command line itself, such as an unconfirmed restore. */
final class CliException extends WaiaasException {
    private static final long serialVersionUID = 1L;

    private CliException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Create a failure (exit 1) with {@code message}. */
    static CliException failed(String message) {
        return new CliException(ErrorCode.FAILED, message);
    }

    /** Create a refusal that changed nothing (exit 5) with {@code message}. */
    static CliException refused(String message) {
        return new CliException(ErrorCode.REFUSED, message);
    }
}
