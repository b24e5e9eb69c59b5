package io.waiaas.bootstrap.config;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;

/**
 * Report a configuration that cannot be used, in one line that names the file or variable and the key.
 *
 * <p>The code is always {@link ErrorCode#FAILED} (exit 1); the message is meant to be printed alone.
 */
public final class ConfigException extends WaiaasException {
    private static final long serialVersionUID = 1L;

    /** Create the exception with its one-line, operator-facing {@code message}. */
    public ConfigException(String message) {
        super(ErrorCode.FAILED, message);
    }
}
