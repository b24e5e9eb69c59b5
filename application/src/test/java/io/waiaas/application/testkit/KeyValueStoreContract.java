package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.port.out.KeyValueStore;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link KeyValueStore} must show. */
public interface KeyValueStoreContract {

    /** Create an empty store. */
    KeyValueStore newStore();

    @Test
    default void returnsWhatWasStored() {
        KeyValueStore store = newStore();
        store.putAll(Map.of("a", "1", "b", "2"));
        assertEquals(Optional.of("1"), store.get("a"));
        assertEquals(Optional.empty(), store.get("missing"));
    }
}
