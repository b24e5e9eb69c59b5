package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waiaas.application.port.out.KeyValueStore;
import java.util.HashMap;
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
        assertEquals(Optional.of("2"), store.get("b"));
    }

    @Test
    default void returnsEmptyForAKeyNeverStored() {
        KeyValueStore store = newStore();
        assertEquals(Optional.empty(), store.get("missing"));
    }

    @Test
    default void replacesTheValueOfAnExistingKeyAndKeepsTheOthers() {
        KeyValueStore store = newStore();
        store.putAll(Map.of("version_check_latest", "1.9.0", "other", "x"));
        store.putAll(Map.of("version_check_latest", "1.10.0"));
        assertEquals(Optional.of("1.10.0"), store.get("version_check_latest"));
        assertEquals(Optional.of("x"), store.get("other"));
    }

    @Test
    default void storingNothingChangesNothing() {
        KeyValueStore store = newStore();
        store.putAll(Map.of("a", "1"));
        store.putAll(Map.of());
        assertEquals(Optional.of("1"), store.get("a"));
    }

    @Test
    default void keepsKeysCaseSensitiveAndValuesVerbatim() {
        KeyValueStore store = newStore();
        store.putAll(Map.of("Key", "upper", "key", " späce ✓ \n"));
        assertEquals(Optional.of("upper"), store.get("Key"));
        assertEquals(Optional.of(" späce ✓ \n"), store.get("key"));
    }

    @Test
    default void keepsAnEmptyValue() {
        KeyValueStore store = newStore();
        store.putAll(Map.of("empty", ""));
        assertEquals(Optional.of(""), store.get("empty"));
    }

    @Test
    default void refusesNullKeysAndValuesWithoutStoringAnything() {
        KeyValueStore store = newStore();
        Map<String, String> withNullValue = new HashMap<>();
        withNullValue.put("a", "1");
        withNullValue.put("b", null);
        assertThrows(NullPointerException.class, () -> store.putAll(withNullValue));
        assertThrows(NullPointerException.class, () -> store.get(null));
        assertEquals(Optional.empty(), store.get("a"));
    }
}
