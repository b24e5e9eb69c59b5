package io.waiaas.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Describe the daemon as {@code GET /health} reports it (HLTH-01).
 *
 * @param version the running build's version
 * @param latestVersion the newest release known from the registry, empty when never checked
 * @param schemaVersion the newest database schema this build knows
 * @param uptime how long the daemon has been serving
 * @param timestamp when this snapshot was taken
 */
public record HealthSnapshot(
        Version version,
        Optional<Version> latestVersion,
        SchemaVersion schemaVersion,
        Duration uptime,
        Instant timestamp) {

    public HealthSnapshot {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(latestVersion, "latestVersion");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(uptime, "uptime");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Tell whether the latest known release is newer than the running one, by semantic-version precedence. */
    public boolean updateAvailable() {
        return latestVersion.map(latest -> latest.compareTo(version) > 0).orElse(false);
    }
}
