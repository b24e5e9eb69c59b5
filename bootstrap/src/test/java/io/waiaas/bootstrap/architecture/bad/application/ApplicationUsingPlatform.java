package io.waiaas.bootstrap.architecture.bad.application;

import io.waiaas.bootstrap.architecture.bad.domain.GoodValue;
import io.waiaas.bootstrap.architecture.bad.platform.PlatformFiles;
import java.io.IOException;

/** Fixture, breaking rule 2: the application uses the platform's file support around its out-ports. */
public final class ApplicationUsingPlatform {
    /** Fixture. */
    public Object save(GoodValue value) throws IOException {
        return PlatformFiles.write(null, value);
    }
}
