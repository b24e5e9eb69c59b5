package io.waiaas.application;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;

/** Report an expected failure of a use case, or of an out-port on its behalf, with its {@link ErrorCode}. */
public class ApplicationException extends WaiaasException {
    private static final long serialVersionUID = 1L;

    public ApplicationException(ErrorCode code, String message) {
        super(code, message);
    }

    public ApplicationException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }

    /** Create a failure (exit 1) with {@code message}. */
    public static ApplicationException failed(String message) {
        return new ApplicationException(ErrorCode.FAILED, message);
    }

    /** Create a refusal that changed nothing (exit 5) with {@code message}. */
    public static ApplicationException refused(String message) {
        return new ApplicationException(ErrorCode.REFUSED, message);
    }
}
