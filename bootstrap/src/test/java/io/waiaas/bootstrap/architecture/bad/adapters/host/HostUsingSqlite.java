package io.waiaas.bootstrap.architecture.bad.adapters.host;

import io.waiaas.bootstrap.architecture.bad.adapters.sqlite.SqliteGoodStore;
import java.util.Optional;

/** Fixture, breaking rule 3: the host adapters reach into the SQLite adapter instead of a port. */
public final class HostUsingSqlite {
    /** Fixture. */
    public Optional<String> peek(String key) {
        return new SqliteGoodStore().find(key).map(entry -> entry.value());
    }
}
