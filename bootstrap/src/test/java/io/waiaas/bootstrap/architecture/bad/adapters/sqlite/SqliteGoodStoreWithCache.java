package io.waiaas.bootstrap.architecture.bad.adapters.sqlite;

/** Fixture, breaking rule 5: inherits GoodStore but is not named ...GoodStore. */
public final class SqliteGoodStoreWithCache extends SqliteGoodStore {
    /** Fixture. */
    public void clear() {
        // nothing cached
    }
}
