package io.waiaas.application.testkit;

import io.waiaas.application.port.out.KeyValueStore;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Read the release the version check stored in a {@link KeyValueStore}, or nothing while there is no database;
 * the verified fake of {@link StoredRelease}.
 */
public final class InMemoryStoredRelease implements StoredRelease {
    private final AtomicReference<KeyValueStore> database = new AtomicReference<>();

    /** Create the stored release of a data dir that has no database yet. */
    public InMemoryStoredRelease() {}

    /** Create the stored release read from {@code database}. */
    public InMemoryStoredRelease(KeyValueStore database) {
        useDatabase(database);
    }

    /** Read from {@code database} from now on, as if the daemon had just created it. */
    public void useDatabase(KeyValueStore database) {
        this.database.set(Objects.requireNonNull(database, "database"));
    }

    /** Tell whether there is a database to read. */
    public boolean hasDatabase() {
        return database.get() != null;
    }

    @Override
    public Optional<Version> latest() {
        KeyValueStore store = database.get();
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.get(StoredRelease.LATEST_KEY).flatMap(Version::tryParse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<CheckFailure> lastFailure() {
        KeyValueStore store = database.get();
        if (store == null) {
            return Optional.empty();
        }
        try {
            return CheckFailure.fromRows(
                    store.get(StoredRelease.ERROR_KEY),
                    store.get(StoredRelease.FAILED_AT_KEY),
                    store.get(StoredRelease.CHECKED_AT_KEY));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> warnings() {
        KeyValueStore store = database.get();
        if (store == null) {
            return List.of();
        }
        try {
            return StoredRelease.warningsOf(store.get(StoredRelease.WARNINGS_KEY));
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
