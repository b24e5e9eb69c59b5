package io.waiaas.bootstrap.architecture.bad.application.port.out;

/** Fixture: a value type that lives beside the out-port using it, as a record. */
public record StoredValue(String key, String value) {}
