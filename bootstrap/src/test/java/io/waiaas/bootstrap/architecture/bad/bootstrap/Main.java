package io.waiaas.bootstrap.architecture.bad.bootstrap;

import io.waiaas.bootstrap.architecture.bad.adapters.cli.CliPrinter;
import io.waiaas.bootstrap.architecture.bad.adapters.http.HttpEndpoint;
import io.waiaas.bootstrap.architecture.bad.adapters.npm.NpmClient;
import io.waiaas.bootstrap.architecture.bad.adapters.sqlite.SqliteGoodStore;
import io.waiaas.bootstrap.architecture.bad.application.values.GoodService;
import java.time.InstantSource;

/** Fixture: bootstrap wires every adapter, and Main may print. */
public final class Main {
    private Main() {}

    /** Fixture. */
    public static void main(String[] args) {
        GoodService service = new GoodService(new SqliteGoodStore(), InstantSource.system());
        new CliPrinter().print(String.valueOf(new HttpEndpoint().serve(service, new NpmClient().registry())));
        System.err.println("done");
    }
}
