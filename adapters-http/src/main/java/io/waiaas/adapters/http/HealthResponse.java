package io.waiaas.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Define the JSON body of {@code GET /health} (SPEC HLTH-01): exactly these keys, in this order.
 *
 * <p>This is the one definition of the contract: the server writes it, the CLI's daemon client reads it, and
 * {@link OpenApiDocument} generates the OpenAPI schema from it (SPEC SYNC-01).
 *
 * @param status always {@code "ok"}
 * @param version the running version
 * @param latestVersion the newest known release, or {@code null} when never checked
 * @param updateAvailable whether {@code latestVersion} is greater than {@code version}
 * @param schemaVersion the newest database schema this build knows
 * @param uptime seconds since the daemon started serving
 * @param timestamp epoch seconds when the response was made
 */
@JsonPropertyOrder({"status", "version", "latestVersion", "updateAvailable", "schemaVersion", "uptime", "timestamp"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HealthResponse(
        String status,
        String version,
        @WireNullable String latestVersion,
        boolean updateAvailable,
        int schemaVersion,
        long uptime,
        long timestamp) {

    public HealthResponse {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(version, "version");
    }

    /** Describe {@code snapshot} as the wire response. */
    public static HealthResponse from(HealthSnapshot snapshot) {
        return new HealthResponse(
                "ok",
                snapshot.version().toString(),
                snapshot.latestVersion().map(Version::toString).orElse(null),
                snapshot.updateAvailable(),
                snapshot.schemaVersion().value(),
                snapshot.uptime().toSeconds(),
                snapshot.timestamp().getEpochSecond());
    }

    /** Read this response back into the application's snapshot; invalid versions fail with a clear message. */
    public HealthSnapshot toSnapshot() {
        return new HealthSnapshot(
                Version.parse(version),
                Optional.ofNullable(latestVersion).map(Version::parse),
                SchemaVersion.of(schemaVersion),
                Duration.ofSeconds(uptime),
                Instant.ofEpochSecond(timestamp));
    }
}
