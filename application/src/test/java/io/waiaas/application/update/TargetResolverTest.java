package io.waiaas.application.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.domain.DomainException;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetResolverTest {
    private static final String CLI = "@waiaas/cli";

    private final PublishedPackages published = new PublishedPackages()
            .publish(CLI, "1.8.0", "1.9.0", "1.9.2", "1.9.4", "1.10.0-rc.1", "2.0.0")
            .tag(CLI, "latest", "1.9.4")
            .tag(CLI, "next", "1.10.0-rc.1");
    private final InMemoryVersionSource source = new InMemoryVersionSource(published);
    private final TargetResolver resolver = new TargetResolver(source);

    private Version resolve(String spec) {
        return resolver.resolve(CLI, spec);
    }

    @Test
    void resolvesAnExactPublishedVersion() {
        assertEquals(Version.parse("1.9.2"), resolve("1.9.2"));
    }

    @Test
    void resolvesADistTag() {
        assertEquals(Version.parse("1.10.0-rc.1"), resolve("next"));
        assertEquals(Version.parse("1.9.4"), resolve("latest"));
    }

    @Test
    void resolvesARangeToTheGreatestSatisfyingStableVersion() {
        assertEquals(Version.parse("1.9.4"), resolve("^1.9.0"));
        assertEquals(Version.parse("2.0.0"), resolve("*"));
    }

    @Test
    void includesAPreReleaseOnlyWhenTheRangeNamesOne() {
        published.publish(CLI, "1.10.0-rc.2");
        assertEquals(Version.parse("1.10.0-rc.2"), resolve("^1.10.0-rc.1"));
    }

    @Test
    void failsWhenNoPublishedVersionSatisfies() {
        WaiaasException e = assertThrows(WaiaasException.class, () -> resolve("9.9.9"));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().contains("'9.9.9'"), e.getMessage());
    }

    @Test
    void failsNamingAnUnknownDistTag() {
        WaiaasException e = assertThrows(WaiaasException.class, () -> resolve("canary"));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().contains("canary"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "^^1", "@latest", "1.2.3/../x", "latest\nrm -rf", "-1"})
    void refusesInvalidInputAsAUsageErrorWithoutAskingTheRegistry(String spec) {
        DomainException e = assertThrows(DomainException.class, () -> resolve(spec));
        assertEquals(ErrorCode.USAGE, e.code());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        assertEquals(0, source.calls());
    }
}
