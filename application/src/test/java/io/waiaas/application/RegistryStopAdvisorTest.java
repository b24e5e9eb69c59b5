package io.waiaas.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RegistryStopAdvisorTest {
    private static final String PKG = "@waiaas/cli";
    private final PublishedPackages published = new PublishedPackages();

    private void release(String version, int schemaVersion, int minCompatible) {
        published.manifestField(PKG, version, "waiaas", "{\"schemaVersion\":" + schemaVersion
                + ",\"minCompatibleSchemaVersion\":" + minCompatible + "}");
    }

    private List<Version> route(VersionSource source, Duration budget) {
        return new RegistryStopAdvisor(source, PKG, budget).route(SchemaVersion.of(2), Version.parse("2.0.0"),
                SchemaVersion.of(6), SchemaVersion.of(5));
    }

    @Test
    void namesTheStopsBeforeThisBuildFromThePublishedSchemaBlocks() {
        release("1.2.0", 3, 1);
        release("1.5.0", 5, 3);
        release("2.0.0", 6, 5);
        release("2.1.0", 7, 1);
        assertEquals(List.of(Version.parse("1.2.0"), Version.parse("1.5.0")),
                route(new InMemoryVersionSource(published), Duration.ofSeconds(5)));
    }

    @Test
    void knowsNoRouteWhenTheBridgeIsMissing() {
        release("1.2.0", 3, 1);
        assertEquals(List.of(), route(new InMemoryVersionSource(published), Duration.ofSeconds(5)));
    }

    @Test
    void aRegistryThatFailsLeavesNoAdvice() {
        release("1.2.0", 3, 1);
        InMemoryVersionSource source = new InMemoryVersionSource(published);
        source.failWith(ApplicationException.failed("npm registry answered HTTP 500"));
        assertEquals(List.of(), route(source, Duration.ofSeconds(5)));
    }

    @Test
    void aRegistryThatHangsLeavesNoAdviceWithinTheBudget() {
        CountDownLatch never = new CountDownLatch(1);
        VersionSource hanging = new VersionSource() {
            @Override
            public Version distTag(String packageName, String tag) {
                throw new AssertionError("not asked");
            }

            @Override
            public List<Version> versions(String packageName) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }

            @Override
            public PackageRelease release(String packageName, Version version) {
                throw new AssertionError("not asked");
            }
        };
        long t0 = System.nanoTime();
        assertEquals(List.of(), route(hanging, Duration.ofMillis(200)));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(2)) < 0);
        never.countDown();
    }
}
