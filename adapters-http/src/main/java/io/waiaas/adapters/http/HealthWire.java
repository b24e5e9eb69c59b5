package io.waiaas.adapters.http;

import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.sdk.HealthResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Translate between the application's {@link HealthSnapshot} and the SDK's wire contract {@link HealthResponse}. */
final class HealthWire {
    private HealthWire() {}

    /** Describe {@code snapshot} as the wire response. */
    static HealthResponse from(HealthSnapshot snapshot) {
        return new HealthResponse(
                "ok",
                snapshot.version().toString(),
                snapshot.latestVersion().map(Version::toString).orElse(null),
                snapshot.updateAvailable(),
                snapshot.schemaVersion().value(),
                snapshot.uptime().toSeconds(),
                snapshot.timestamp().getEpochSecond());
    }

    /** Read {@code response} back into the application's snapshot; invalid versions fail with a clear message. */
    static HealthSnapshot toSnapshot(HealthResponse response) {
        return new HealthSnapshot(
                Version.parse(response.version()),
                Optional.ofNullable(response.latestVersion()).map(Version::parse),
                SchemaVersion.of(response.schemaVersion()),
                Duration.ofSeconds(response.uptime()),
                Instant.ofEpochSecond(response.timestamp()));
    }
}
