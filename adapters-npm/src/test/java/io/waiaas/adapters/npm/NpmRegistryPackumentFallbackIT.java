package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.VersionSourceContract;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real adapter against a registry without the dist-tags endpoint: it falls back to the packument. */
@Timeout(30)
class NpmRegistryPackumentFallbackIT implements VersionSourceContract {
    private final List<LoopbackRegistry> registries = new ArrayList<>();

    @Override
    public VersionSource newSource(PublishedPackages published) {
        LoopbackRegistry registry = LoopbackRegistry.serve(published).withoutDistTagsEndpoint(404);
        registries.add(registry);
        return NpmRegistry.versionSource(registry.uri(), Duration.ofSeconds(5), NpmRegistry.DEFAULT_MAX_BYTES);
    }

    @AfterEach
    void stopRegistries() {
        registries.forEach(LoopbackRegistry::close);
    }

    @Test
    void remembersThatTheEndpointIsMissingAndRevalidatesThePackument() {
        PublishedPackages published =
                new PublishedPackages().publish(CLI, "1.0.0").tag(CLI, "latest", "1.0.0");
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published).withoutDistTagsEndpoint(405)) {
            VersionSource source = NpmRegistry.versionSource(registry.uri());

            assertEquals(Version.parse("1.0.0"), source.distTag(CLI, "latest"));
            assertEquals(Version.parse("1.0.0"), source.distTag(CLI, "latest"));

            assertEquals(1, registry.requestsTo(LoopbackRegistry.distTagsPath(CLI)));
            assertEquals(2, registry.requestsTo(LoopbackRegistry.packumentPath(CLI)));
            LoopbackRegistry.Request last = registry.requests().get(2);
            assertEquals(LoopbackRegistry.ABBREVIATED, last.header("Accept").orElseThrow());
            assertEquals(true, last.header("If-None-Match").isPresent());
        }
    }
}
