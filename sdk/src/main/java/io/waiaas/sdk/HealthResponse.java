package io.waiaas.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * Define the JSON body of {@code GET /health} (HLTH-01): exactly these keys, in this order.
 *
 * <p>This is the one definition of the contract (SYNC-01): the daemon writes it, {@link WaiaasClient} reads it,
 * and {@link WireSchema} derives the JSON Schema that the OpenAPI document and the MCP tool {@code get_health}
 * publish.
 *
 * @param status always {@code "ok"}
 * @param version the running version
 * @param latestVersion the newest known release, or {@code null} when never checked (HLTH-02)
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
}
