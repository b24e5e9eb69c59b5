package io.waiaas.application.port.in;

/** Check an installation of waiaas and its data dir, reading only ({@code waiaas doctor}, DOCT-01). */
public interface Diagnose {

    /** Run every check and return one finding per check, in a fixed order; change nothing. */
    Diagnosis diagnose();
}
