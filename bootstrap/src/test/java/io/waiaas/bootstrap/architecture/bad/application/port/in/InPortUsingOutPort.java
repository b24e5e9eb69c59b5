package io.waiaas.bootstrap.architecture.bad.application.port.in;

import io.waiaas.bootstrap.architecture.bad.application.port.out.GoodStore;

/** Fixture, breaking rule 9: an in-port that hands out an out-port's type. */
public interface InPortUsingOutPort {
    /** Fixture. */
    GoodStore.Entry first();
}
