package io.waiaas.sdk;

/** Say in one line why the daemon could not be asked: nothing answers, or something else answers on the port. */
public final class WaiaasClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WaiaasClientException(String message, Throwable cause) {
        super(message, cause);
    }

    WaiaasClientException(String message) {
        super(message);
    }
}
