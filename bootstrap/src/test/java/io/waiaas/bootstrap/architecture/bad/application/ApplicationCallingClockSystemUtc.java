package io.waiaas.bootstrap.architecture.bad.application;

import java.time.Clock;

/** Fixture, breaking rule 4: Clock.systemUTC(). */
public final class ApplicationCallingClockSystemUtc {
    /** Fixture. */
    public Clock clock() {
        return Clock.systemUTC();
    }
}
