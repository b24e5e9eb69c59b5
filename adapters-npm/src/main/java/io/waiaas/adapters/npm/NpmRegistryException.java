package io.waiaas.adapters.npm;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;

/** Report that the npm registry could not be asked or gave an answer waiaas will not trust (exit 1). */
public final class NpmRegistryException extends WaiaasException {
    private static final long serialVersionUID = 1L;

    NpmRegistryException(String message) {
        super(ErrorCode.FAILED, OneLine.of(message));
    }

    NpmRegistryException(String message, Throwable cause) {
        super(ErrorCode.FAILED, OneLine.of(message), cause);
    }
}
