package io.waiaas.application.port.in;

import io.waiaas.domain.LastCheck;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeTally;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The daemon's metrics at one instant (OPS-02); an empty value is one that is unknown or could not be read, and is
 * left out of the export rather than shown as zero.
 *
 * @param installed the running version
 * @param latest the newest release known, as {@code /health} reports it
 * @param lastCheck when the last version check ran and how it ended
 * @param upgrades the upgrade history counted: upgrades started, and upgrades, rollbacks and recoveries by how they
 *     ended
 * @param lastBackup the newest complete backup, of any reason
 * @param schema the schema version the database is at
 * @param registryWarnings how many findings the last version check made about the registry's metadata (TRST-01..04)
 */
public record MetricsSnapshot(
        Version installed,
        Optional<Version> latest,
        Optional<LastCheck> lastCheck,
        Optional<UpgradeTally> upgrades,
        Optional<LastBackup> lastBackup,
        Optional<SchemaVersion> schema,
        int registryWarnings) {

    /** The metrics with no finding about the registry's metadata. */
    public MetricsSnapshot(
            Version installed,
            Optional<Version> latest,
            Optional<LastCheck> lastCheck,
            Optional<UpgradeTally> upgrades,
            Optional<LastBackup> lastBackup,
            Optional<SchemaVersion> schema) {
        this(installed, latest, lastCheck, upgrades, lastBackup, schema, 0);
    }

    public MetricsSnapshot {
        Objects.requireNonNull(installed, "installed");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(lastCheck, "lastCheck");
        Objects.requireNonNull(upgrades, "upgrades");
        Objects.requireNonNull(lastBackup, "lastBackup");
        Objects.requireNonNull(schema, "schema");
    }

    /** Tell whether the latest known release is newer than the installed one, by semantic-version precedence. */
    public boolean updateAvailable() {
        return latest.map(l -> l.compareTo(installed) > 0).orElse(false);
    }

    /**
     * The newest complete backup.
     *
     * @param at when it was taken
     * @param sizeBytes the size of its files, the manifest left out
     */
    public record LastBackup(Instant at, long sizeBytes) {
        public LastBackup {
            Objects.requireNonNull(at, "at");
        }
    }
}
