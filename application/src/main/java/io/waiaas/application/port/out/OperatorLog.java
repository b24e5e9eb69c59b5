package io.waiaas.application.port.out;

/** Tell the operator what the daemon did or could not do, as log lines. */
public interface OperatorLog {

    /** Log a one-line fact at INFO. */
    void info(String message);

    /** Log a one-line problem or notice at WARN. */
    void warn(String message);
}
