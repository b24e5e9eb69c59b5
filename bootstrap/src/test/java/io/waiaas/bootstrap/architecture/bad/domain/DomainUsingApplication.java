package io.waiaas.bootstrap.architecture.bad.domain;

import io.waiaas.bootstrap.architecture.bad.application.values.GoodService;

/** Fixture, breaking rule 1: the domain uses the application (and so rule 6: a cycle). */
public final class DomainUsingApplication {
    /** Fixture. */
    public int count(GoodService service) {
        return service.values().size();
    }
}
