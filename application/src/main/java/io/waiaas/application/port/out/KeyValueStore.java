package io.waiaas.application.port.out;

import java.util.Map;
import java.util.Optional;

/** Keep small named values in the database's {@code key_value_store} table. */
public interface KeyValueStore {

    /** Return the value stored under {@code key}, or empty. */
    Optional<String> get(String key);

    /** Store every entry of {@code entries} in one transaction: all of them are written, or none. */
    void putAll(Map<String, String> entries);
}
