package io.waiaas.bootstrap.config;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;

/**
 * Report a configuration that cannot be used, in one line that names the file or variable and the key.
 *
 * <p>The code is {@link ErrorCode#FAILED} (exit 1) for a configuration that is wrong, and {@link ErrorCode#REFUSED}
 * (exit 5: nothing was changed) for one that cannot be read at all (an I/O error, no permission); the message is meant
 * to be printed alone.
 */
public final class ConfigException extends WaiaasException {
    private static final long serialVersionUID = 1L;

    /** Create the exception with its one-line, operator-facing {@code message}. */
    public ConfigException(String message) {
        super(ErrorCode.FAILED, message);
    }

    /** Create the exception for a file that cannot be read: the command refuses before it changed anything. */
    static ConfigException unreadable(String message) {
        return new ConfigException(ErrorCode.REFUSED, message);
    }

    private ConfigException(ErrorCode code, String message) {
        super(code, message);
    }
}
