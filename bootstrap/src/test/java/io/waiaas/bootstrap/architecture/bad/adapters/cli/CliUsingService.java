package io.waiaas.bootstrap.architecture.bad.adapters.cli;

import io.waiaas.bootstrap.architecture.bad.application.values.GoodService;

/** Fixture, breaking rule 8: an adapter that calls a service instead of its in-port. */
public final class CliUsingService {
    /** Fixture. */
    public int count(GoodService service) {
        return service.values().size();
    }
}
