package io.waiaas.bootstrap.architecture.bad.application.values;

import io.waiaas.bootstrap.architecture.bad.application.port.in.ListValues;
import io.waiaas.bootstrap.architecture.bad.application.port.out.GoodStore;
import io.waiaas.bootstrap.architecture.bad.domain.GoodValue;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/** Fixture: a use case that reads time from an InstantSource and acts through an out-port. */
public final class GoodService implements ListValues {
    private final GoodStore store;
    private final InstantSource clock;

    public GoodService(GoodStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public List<GoodValue> values() {
        Instant now = clock.instant();
        return store
                .find("k")
                .map(e -> new GoodValue(e.value(), Duration.ofSeconds(now.getEpochSecond()), BigInteger.ONE))
                .stream()
                .toList();
    }
}
