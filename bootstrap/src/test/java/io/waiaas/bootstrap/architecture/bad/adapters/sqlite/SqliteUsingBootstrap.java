package io.waiaas.bootstrap.architecture.bad.adapters.sqlite;

import io.waiaas.bootstrap.architecture.bad.bootstrap.Main;

/** Fixture, breaking rule 3: an adapter uses bootstrap. */
public final class SqliteUsingBootstrap {
    /** Fixture. */
    public void start() {
        Main.main(new String[0]);
    }
}
