package io.waiaas.bootstrap.architecture.bad.adapters.sqlite;

import io.waiaas.bootstrap.architecture.bad.application.port.out.GoodStore;
import java.util.Optional;

/** Fixture, breaking rule 5: implements GoodStore but is not named ...GoodStore. */
public final class SqliteStorage implements GoodStore {
    @Override
    public Optional<Entry> find(String key) {
        return Optional.empty();
    }
}
