package io.waiaas.adapters.sqlite;

import io.helidon.dbclient.DbTransaction;
import io.waiaas.application.port.out.KeyValueStore;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Keep named values in the {@code key_value_store} table through Helidon DbClient. */
final class SqliteKeyValueStore implements KeyValueStore {
    private static final String SELECT = "SELECT value FROM key_value_store WHERE key = ?";
    private static final String UPSERT = "INSERT INTO key_value_store (key, value, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

    private final SqliteDatabase database;
    private final InstantSource clock;

    SqliteKeyValueStore(SqliteDatabase database, InstantSource clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        return database.call(
                "read from",
                () -> database.client()
                        .execute()
                        .get(SELECT, key)
                        .map(row -> row.column("value").get(String.class)));
    }

    @Override
    public void putAll(Map<String, String> entries) {
        Map<String, String> copy = Map.copyOf(entries);
        if (copy.isEmpty()) {
            return;
        }
        long updatedAt = clock.instant().getEpochSecond();
        database.call("write to", () -> {
            DbTransaction tx = database.client().transaction();
            try {
                for (Map.Entry<String, String> entry : copy.entrySet()) {
                    tx.dml(UPSERT, entry.getKey(), entry.getValue(), updatedAt);
                }
                tx.commit();
            } catch (RuntimeException e) {
                Transactions.rollbackQuietly(tx, e);
                throw e;
            }
            return null;
        });
    }
}
