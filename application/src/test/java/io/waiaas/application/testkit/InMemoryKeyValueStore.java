package io.waiaas.application.testkit;

import io.waiaas.application.port.out.KeyValueStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keep key-value pairs in memory; the verified fake of {@link KeyValueStore}. */
public final class InMemoryKeyValueStore implements KeyValueStore {
    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
    }

    @Override
    public synchronized void putAll(Map<String, String> entries) {
        values.putAll(Map.copyOf(entries));
    }

    /** Return a copy of every stored pair. */
    public synchronized Map<String, String> snapshot() {
        return Map.copyOf(values);
    }

    /** Replace every stored pair with {@code entries}, as a restore does. */
    public synchronized void replaceWith(Map<String, String> entries) {
        Map<String, String> copy = Map.copyOf(entries);
        values.clear();
        values.putAll(copy);
    }
}
