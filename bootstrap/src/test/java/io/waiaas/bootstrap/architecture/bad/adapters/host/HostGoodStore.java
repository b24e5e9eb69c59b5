package io.waiaas.bootstrap.architecture.bad.adapters.host;

import io.waiaas.bootstrap.architecture.bad.application.port.out.GoodStore;
import io.waiaas.bootstrap.architecture.bad.domain.GoodValue;
import io.waiaas.bootstrap.architecture.bad.platform.PlatformFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Fixture: a host adapter implementing an out-port on files, with the platform's support. */
public final class HostGoodStore implements GoodStore {
    private final Path dir = Path.of("data");

    @Override
    public Optional<Entry> find(String key) {
        return Optional.of(new Entry(key, dir.resolve(key).toString()));
    }

    /** Fixture. */
    public Path save(GoodValue value) throws IOException {
        return PlatformFiles.write(dir, value);
    }
}
