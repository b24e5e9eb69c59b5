package io.waiaas.bootstrap.architecture.bad.application.port.out;

import java.util.Optional;

/** Fixture: an out-port, with a nested type. */
public interface GoodStore {
    /** Return the entry under {@code key}. */
    Optional<Entry> find(String key);

    /** Fixture: a value the port returns. */
    record Entry(String key, String value) {}

    /** Return every value stored. */
    default java.util.List<StoredValue> all() {
        return java.util.List.of();
    }
}
