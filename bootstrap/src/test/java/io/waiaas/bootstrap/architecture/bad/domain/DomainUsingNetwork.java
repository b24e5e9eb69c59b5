package io.waiaas.bootstrap.architecture.bad.domain;

import java.net.URI;

/** Fixture, breaking rule 1: the domain uses java.net. */
public final class DomainUsingNetwork {
    /** Fixture. */
    public URI home() {
        return URI.create("https://example.org");
    }
}
