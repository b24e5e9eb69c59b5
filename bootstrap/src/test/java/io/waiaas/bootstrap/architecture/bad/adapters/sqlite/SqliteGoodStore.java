package io.waiaas.bootstrap.architecture.bad.adapters.sqlite;

import io.waiaas.bootstrap.architecture.bad.application.port.out.GoodStore;
import io.waiaas.bootstrap.architecture.bad.domain.GoodValue;
import io.waiaas.bootstrap.architecture.bad.platform.PlatformFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Fixture: an adapter named after its port, free to use files and the platform's support. */
public class SqliteGoodStore implements GoodStore {
    private final Path file = Path.of("x.db");

    @Override
    public Optional<Entry> find(String key) {
        return Optional.of(new Entry(key, file.toString()));
    }

    /** Fixture. */
    public Path save(GoodValue value) throws IOException {
        return PlatformFiles.write(file.getParent(), value);
    }
}
