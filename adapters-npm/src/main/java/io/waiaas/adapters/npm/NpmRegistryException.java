package io.waiaas.adapters.npm;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;

/**
 * Report a failure of the npm adapter with one line naming the cause: the registry could not be asked or gave an
 * answer waiaas will not trust, or a package could not be installed (exit 1); or a package was refused by the
 * supply-chain rules of UPGR-B1 before anything was installed (exit 5).
 */
public final class NpmRegistryException extends WaiaasException {
    private static final long serialVersionUID = 1L;

    NpmRegistryException(String message) {
        super(ErrorCode.FAILED, OneLine.of(message));
    }

    NpmRegistryException(String message, Throwable cause) {
        super(ErrorCode.FAILED, OneLine.of(message), cause);
    }

    private NpmRegistryException(ErrorCode code, String message, Throwable cause) {
        super(code, OneLine.of(message), cause);
    }

    /** Create the refusal of a package that waiaas will not trust; nothing was installed (exit 5). */
    static NpmRegistryException refused(String message) {
        return new NpmRegistryException(ErrorCode.REFUSED, message, null);
    }

    /** Create the refusal of a package that waiaas will not trust, with its cause; nothing was installed (exit 5). */
    static NpmRegistryException refused(String message, Throwable cause) {
        return new NpmRegistryException(ErrorCode.REFUSED, message, cause);
    }
}
