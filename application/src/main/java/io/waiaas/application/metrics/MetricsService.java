package io.waiaas.application.metrics;

import io.waiaas.application.daemon.KnownRelease;
import io.waiaas.application.port.in.MetricsSnapshot;
import io.waiaas.application.port.in.ReadMetrics;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.KeyValueStore;
import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.port.out.UpgradeHistory;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.LastCheck;
import io.waiaas.domain.UpgradeTally;
import io.waiaas.domain.Version;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Read the daemon's metrics through its ports when a scrape asks (OPS-02): the newest release from memory, as
 * {@code /health} has it; the last check from the rows the version check stores; the upgrades, rollbacks and
 * recoveries counted from the upgrade history; the newest backup from the backup store; the schema from the database. Nothing here reaches the registry, so a scrape never waits on the network.
 */
public final class MetricsService implements ReadMetrics {
    private final Version installed;
    private final KnownRelease knownRelease;
    private final KeyValueStore store;
    private final UpgradeHistory history;
    private final BackupStore backups;
    private final SchemaHistory schema;

    public MetricsService(
            Version installed,
            KnownRelease knownRelease,
            KeyValueStore store,
            UpgradeHistory history,
            BackupStore backups,
            SchemaHistory schema) {
        this.installed = Objects.requireNonNull(installed, "installed");
        this.knownRelease = Objects.requireNonNull(knownRelease, "knownRelease");
        this.store = Objects.requireNonNull(store, "store");
        this.history = Objects.requireNonNull(history, "history");
        this.backups = Objects.requireNonNull(backups, "backups");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    @Override
    public MetricsSnapshot read() {
        return new MetricsSnapshot(
                installed,
                knownRelease.latest(),
                readable(() -> LastCheck.fromRows(
                        store.get(StoredRelease.CHECKED_AT_KEY), store.get(StoredRelease.FAILED_AT_KEY))),
                readable(() -> Optional.of(UpgradeTally.of(history.all()))),
                readable(() -> backups.list().stream()
                        .findFirst() // newest first by creation time (BackupStore.list)
                        .map(MetricsService::lastBackup)),
                readable(schema::current),
                readable(() -> Optional.of(StoredRelease.warningsOf(store.get(StoredRelease.WARNINGS_KEY))
                                .size()))
                        .orElse(0));
    }

    private static MetricsSnapshot.LastBackup lastBackup(BackupManifest newest) {
        return new MetricsSnapshot.LastBackup(newest.createdAt(), newest.size());
    }

    /** Read one source; one that fails leaves its values out (a scrape never fails for a damaged file). */
    private static <T> Optional<T> readable(Supplier<Optional<T>> source) {
        try {
            return source.get();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
