package io.waiaas.bootstrap.architecture.bad.application;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Fixture, breaking rule 2: the application uses a framework. */
public final class ApplicationUsingFramework {
    /** Fixture. */
    public Object mapper() {
        return new ObjectMapper();
    }
}
