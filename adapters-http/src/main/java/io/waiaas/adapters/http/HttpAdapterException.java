package io.waiaas.adapters.http;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;

/** Report an expected failure of the HTTP adapter, such as a port already in use. */
public final class HttpAdapterException extends WaiaasException {
    private static final long serialVersionUID = 1L;

    HttpAdapterException(String message, Throwable cause) {
        super(ErrorCode.FAILED, message, cause);
    }
}
