package io.waiaas.application.testkit;

import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.KeyValueStore;
import io.waiaas.domain.BackupId;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hold a backup store together with the live data it backs up, as a contract test sets it up.
 *
 * @param store the store under test
 * @param clock the clock the store reads creation times from
 * @param live the live data that backups copy and restores replace
 * @param damage damages the stored content of one backup, as a flipped byte on disk would
 */
public record BackupFixture(BackupStore store, MutableClock clock, KeyValueStore live, Consumer<BackupId> damage) {

    public BackupFixture {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(damage, "damage");
    }
}
