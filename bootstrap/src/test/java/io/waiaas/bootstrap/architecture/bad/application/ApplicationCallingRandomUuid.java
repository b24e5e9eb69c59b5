package io.waiaas.bootstrap.architecture.bad.application;

import java.util.UUID;

/** Fixture, breaking rule 4: UUID.randomUUID(). */
public final class ApplicationCallingRandomUuid {
    /** Fixture. */
    public UUID id() {
        return UUID.randomUUID();
    }
}
