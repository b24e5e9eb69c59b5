package io.waiaas.bootstrap.architecture.bad.platform;

import io.waiaas.bootstrap.architecture.bad.application.port.out.GoodStore;

/** Fixture, breaking rule 10: the platform knows a port of the application. */
public final class PlatformUsingApplication {
    /** Fixture. */
    public int count(GoodStore store) {
        return store.all().size();
    }
}
