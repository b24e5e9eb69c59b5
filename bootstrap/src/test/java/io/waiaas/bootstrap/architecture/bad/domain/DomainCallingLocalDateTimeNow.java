package io.waiaas.bootstrap.architecture.bad.domain;

import java.time.LocalDateTime;

/** Fixture, breaking rule 4: LocalDateTime.now(). */
public final class DomainCallingLocalDateTimeNow {
    /** Fixture. */
    public LocalDateTime now() {
        return LocalDateTime.now();
    }
}
