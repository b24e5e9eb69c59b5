package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StoredRelease} must show: it reads what the daemon's version check stored under
 * {@link io.waiaas.application.port.out.StoredRelease#LATEST_KEY}, and never creates or changes anything.
 */
public interface StoredReleaseContract {

    /** Create the stored release of a data dir that has no database yet. */
    StoredRelease newStoredRelease();

    /** Tell whether the database read by the last {@link #newStoredRelease()} exists. */
    boolean databaseExists();

    /** Create that database as the daemon does, at its schema, with no release stored. */
    void createDatabase();

    /** Store {@code value} as the daemon's version check does, creating the database first when needed. */
    void storeLatest(String value);

    /** Store {@code rows} in one transaction as the daemon's version check does, creating the database if needed. */
    void storeRows(Map<String, String> rows);

    @Test
    default void knowsNoFailureWhenNoCheckFailed() {
        StoredRelease stored = newStoredRelease();
        assertEquals(Optional.empty(), stored.lastFailure());
        storeRows(Map.of(StoredRelease.LATEST_KEY, "1.0.0", StoredRelease.CHECKED_AT_KEY, "1000"));
        assertEquals(Optional.empty(), stored.lastFailure());
    }

    @Test
    default void returnsTheLastFailureWithItsTime() {
        StoredRelease stored = newStoredRelease();
        storeRows(Map.of(StoredRelease.ERROR_KEY, "npm registry refused access", StoredRelease.FAILED_AT_KEY, "2000"));
        assertEquals(
                Optional.of(new CheckFailure("npm registry refused access", Instant.ofEpochSecond(2000))),
                stored.lastFailure());
    }

    @Test
    default void forgetsAFailureOnceALaterCheckSucceededAndKeepsOneThatCameAfter() {
        StoredRelease stored = newStoredRelease();
        storeRows(Map.of(
                StoredRelease.ERROR_KEY, "down",
                StoredRelease.FAILED_AT_KEY, "2000",
                StoredRelease.CHECKED_AT_KEY, "2001"));
        assertEquals(Optional.empty(), stored.lastFailure());
        storeRows(Map.of(StoredRelease.FAILED_AT_KEY, "2002"));
        assertEquals(Optional.of(new CheckFailure("down", Instant.ofEpochSecond(2002))), stored.lastFailure());
    }

    @Test
    default void ignoresAFailureWithoutAValidTime() {
        StoredRelease stored = newStoredRelease();
        storeRows(Map.of(StoredRelease.ERROR_KEY, "down", StoredRelease.FAILED_AT_KEY, "yesterday"));
        assertEquals(Optional.empty(), stored.lastFailure());
    }

    @Test
    default void knowsNothingWithoutADatabaseAndCreatesNone() {
        StoredRelease stored = newStoredRelease();
        assertEquals(Optional.empty(), stored.latest());
        assertFalse(databaseExists(), "reading must not create the database");
    }

    @Test
    default void knowsNothingWhenNoCheckStoredARelease() {
        StoredRelease stored = newStoredRelease();
        createDatabase();
        assertEquals(Optional.empty(), stored.latest());
    }

    @Test
    default void returnsTheStoredRelease() {
        StoredRelease stored = newStoredRelease();
        storeLatest("1.10.0");
        assertEquals(Optional.of(Version.parse("1.10.0")), stored.latest());
    }

    @Test
    default void returnsAStoredPreRelease() {
        StoredRelease stored = newStoredRelease();
        storeLatest("2.0.0-rc.1");
        assertEquals(Optional.of(Version.parse("2.0.0-rc.1")), stored.latest());
    }

    @Test
    default void knowsNothingWhenTheStoredValueIsNotAVersion() {
        StoredRelease stored = newStoredRelease();
        storeLatest("banana");
        assertEquals(Optional.empty(), stored.latest());
        storeLatest("");
        assertEquals(Optional.empty(), stored.latest());
        storeLatest("1.10");
        assertEquals(Optional.empty(), stored.latest());
    }

    @Test
    default void readsTheValueStoredLastEveryTime() {
        StoredRelease stored = newStoredRelease();
        assertEquals(Optional.empty(), stored.latest());
        storeLatest("1.10.0");
        assertEquals(Optional.of(Version.parse("1.10.0")), stored.latest());
        storeLatest("1.11.0");
        assertEquals(Optional.of(Version.parse("1.11.0")), stored.latest());
    }

    @Test
    default void returnsTheStoredRegistryWarningsOneALine() {
        StoredRelease stored = newStoredRelease();
        assertEquals(java.util.List.of(), stored.warnings());
        storeRows(
                Map.of(StoredRelease.WARNINGS_KEY, "the registry no longer lists 1.2.0\n\n  1.1.0 is deprecated  \n"));
        assertEquals(java.util.List.of("the registry no longer lists 1.2.0", "1.1.0 is deprecated"), stored.warnings());
        storeRows(Map.of(StoredRelease.WARNINGS_KEY, ""));
        assertEquals(java.util.List.of(), stored.warnings());
    }
}
