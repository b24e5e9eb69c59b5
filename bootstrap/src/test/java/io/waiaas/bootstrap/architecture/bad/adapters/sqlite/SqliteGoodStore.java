package io.waiaas.bootstrap.architecture.bad.adapters.sqlite;

import io.waiaas.bootstrap.architecture.bad.application.port.out.GoodStore;
import java.nio.file.Path;
import java.util.Optional;

/** Fixture: an adapter named after its port, free to use files. */
public class SqliteGoodStore implements GoodStore {
    private final Path file = Path.of("x.db");

    @Override
    public Optional<Entry> find(String key) {
        return Optional.of(new Entry(key, file.toString()));
    }
}
