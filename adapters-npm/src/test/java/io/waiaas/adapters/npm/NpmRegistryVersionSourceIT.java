package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The real adapter against a loopback registry that has the dist-tags endpoint, as registry.npmjs.org does. */
@Timeout(30)
class NpmRegistryVersionSourceIT implements VersionSourceContract {
    private final List<LoopbackRegistry> registries = new ArrayList<>();

    @Override
    public VersionSource newSource(PublishedPackages published) {
        LoopbackRegistry registry = LoopbackRegistry.serve(published);
        registries.add(registry);
        return NpmRegistry.versionSource(registry.uri(), Duration.ofSeconds(5), NpmRegistry.DEFAULT_MAX_BYTES);
    }

    @AfterEach
    void stopRegistries() {
        registries.forEach(LoopbackRegistry::close);
    }

    @Test
    void asksTheDistTagsDocumentWithTheScopeEncodedAndRevalidatesWithItsETag() {
        PublishedPackages published =
                new PublishedPackages().publish(CLI, "1.0.0").tag(CLI, "latest", "1.0.0");
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published)) {
            VersionSource source = NpmRegistry.versionSource(registry.uri());

            assertEquals(Version.parse("1.0.0"), source.distTag(CLI, "latest"));
            assertEquals(Version.parse("1.0.0"), source.distTag(CLI, "latest"));

            List<LoopbackRegistry.Request> requests = registry.requests();
            assertEquals(2, requests.size());
            assertTrue(
                    requests.stream().allMatch(r -> r.rawPath().equals("/-/package/@waiaas%2fcli/dist-tags")),
                    requests.toString());
            assertTrue(requests.get(0).header("If-None-Match").isEmpty());
            assertTrue(requests.get(1).header("If-None-Match").isPresent());
            assertEquals(0, registry.requestsTo(LoopbackRegistry.packumentPath(CLI)));
        }
    }

    @Test
    void asksForTheAbbreviatedPackumentForVersionLists() {
        PublishedPackages published = new PublishedPackages().publish(CLI, "1.0.0", "1.1.0");
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published)) {
            VersionSource source = NpmRegistry.versionSource(registry.uri());

            assertEquals(2, source.versions(CLI).size());

            LoopbackRegistry.Request request = registry.requests().get(0);
            assertEquals("/@waiaas%2fcli", request.rawPath());
            assertEquals(LoopbackRegistry.ABBREVIATED, request.header("Accept").orElseThrow());
        }
    }
}
