package io.waiaas.domain;

/** Signal invalid domain input, such as a malformed version or range. */
public final class DomainException extends WaiaasException {
    private static final long serialVersionUID = 1L;

    public DomainException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Create the exception for input that does not parse; the CLI exits with a usage error. */
    public static DomainException invalid(String message) {
        return new DomainException(ErrorCode.USAGE, message);
    }
}
