package io.waiaas.bootstrap.architecture.bad.platform;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Fixture, breaking rule 10: the platform uses a library beyond the JDK. */
public final class PlatformUsingFramework {
    /** Fixture. */
    public Object mapper() {
        return new ObjectMapper();
    }
}
