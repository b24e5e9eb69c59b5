package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpmRegistryTest {

    @Test
    void defaultsToFiveSecondsAndTenMebibytesByConfiguration() {
        NpmRegistryVersionSource source = assertInstanceOf(
                NpmRegistryVersionSource.class, NpmRegistry.versionSource(NpmRegistry.DEFAULT_REGISTRY));

        assertEquals(Duration.ofSeconds(5), source.http().timeout());
        assertEquals(10L * 1024 * 1024, source.maxBytes());
        assertEquals(64 * 1024, NpmRegistryVersionSource.DIST_TAGS_MAX_BYTES);
        assertEquals(URI.create("https://registry.npmjs.org/"), source.registry());
        assertFalse(source.http().clientBuilt(), "the HTTP client is built at the first request, not before");

        HttpClient client = source.http().client();
        assertEquals(Optional.of(Duration.ofSeconds(5)), client.connectTimeout());
        assertEquals(HttpClient.Redirect.NEVER, client.followRedirects());
    }

    @Test
    void encodesTheScopeSlashInRegistryPaths() {
        RegistryUrls urls = RegistryUrls.of(URI.create("https://registry.npmjs.org"));
        assertEquals(
                URI.create("https://registry.npmjs.org/-/package/@waiaas%2fcli/dist-tags"),
                urls.distTags("@waiaas/cli"));
        assertEquals(URI.create("https://registry.npmjs.org/@waiaas%2fcli"), urls.packument("@waiaas/cli"));
        assertEquals(URI.create("https://registry.npmjs.org/left-pad"), urls.packument("left-pad"));
    }

    @Test
    void keepsARegistryPathPrefix() {
        RegistryUrls urls = RegistryUrls.of(URI.create("https://mirror.example.com/npm"));
        assertEquals(
                URI.create("https://mirror.example.com/npm/-/package/@waiaas%2fcli/dist-tags"),
                urls.distTags("@waiaas/cli"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:4873/",
                "http://127.1.2.3/",
                "http://localhost:4873",
                "http://[::1]:4873/",
                "https://registry.npmjs.org/",
                "HTTPS://Registry.Example.com/npm/"
            })
    void acceptsHttpsAndLoopbackHttpRegistries(String url) {
        RegistryUrls.of(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://registry.npmjs.org/",
                "http://127.0.0.1.nip.io/",
                "http://10.0.0.1/",
                "ftp://127.0.0.1/",
                "file:///tmp/registry",
                "https://user:pw@registry.example.com/",
                "registry.npmjs.org",
                "https://registry.example.com/?q=1"
            })
    void refusesOtherRegistryUrls(String url) {
        NpmRegistryException e = assertThrows(NpmRegistryException.class, () -> RegistryUrls.of(URI.create(url)));
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
    }

    @Test
    void aRefusedUserInfoKeepsThePortAndHidesThePassword() {
        NpmRegistryException e = assertThrows(
                NpmRegistryException.class, () -> RegistryUrls.of(URI.create("https://u:pw@npm.example:8443/npm")));
        assertEquals(
                "npm registry URL must not carry a query, fragment or user info: https://npm.example:8443",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"@waiaas/cli", "left-pad", "@a/b.c_d~e"})
    void acceptsValidPackageNames(String name) {
        assertTrue(RegistryUrls.encode(name).startsWith(name.substring(0, 1)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "@waiaas", "@waiaas/", "../x", "Upper", "a b", "@waiaas/cli/extra", "a?b", "a#b", ".hidden"})
    void refusesInvalidPackageNames(String name) {
        assertThrows(NpmRegistryException.class, () -> RegistryUrls.encode(name));
    }

    @Test
    void followsRedirectsOnlyWithinTheHostAndNeverDownToHttp() {
        URI https = URI.create("https://registry.npmjs.org/@waiaas%2fcli");
        assertEquals(Optional.empty(), RegistryUrls.redirectRefusal(https, URI.create("https://registry.npmjs.org/x")));
        assertEquals(Optional.empty(), RegistryUrls.redirectRefusal(https, URI.create("https://REGISTRY.npmjs.org/x")));
        assertTrue(RegistryUrls.redirectRefusal(https, URI.create("https://evil.example/x"))
                .orElseThrow()
                .contains("another host (evil.example)"));
        assertTrue(RegistryUrls.redirectRefusal(https, URI.create("http://registry.npmjs.org/x"))
                .orElseThrow()
                .contains("from https to http"));
        assertTrue(RegistryUrls.redirectRefusal(https, URI.create("ftp://registry.npmjs.org/x"))
                .isPresent());

        URI loopback = URI.create("http://127.0.0.1:4873/x");
        assertEquals(Optional.empty(), RegistryUrls.redirectRefusal(loopback, URI.create("http://127.0.0.1:4873/y")));
        assertTrue(RegistryUrls.redirectRefusal(loopback, URI.create("http://localhost:4873/y"))
                .isPresent());
    }
}
