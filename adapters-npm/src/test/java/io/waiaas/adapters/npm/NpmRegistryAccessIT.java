package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.testkit.LoopbackProxy;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.LoopbackTls;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.TarballBuilder;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private registries and proxies over real loopback sockets: where the token goes (and where it never goes), what a
 * refusal says, and that a forward proxy sees every request when the variables ask for it and none for a
 * {@code NO_PROXY} host.
 */
@Timeout(60)
class NpmRegistryAccessIT {
    private static final String CLI = "@waiaas/cli";
    private static final String TOKEN = "npm_s3cret-token-for-the-test";

    @TempDir
    Path home;

    private final PublishedPackages published = new PublishedPackages()
            .publish(CLI, "1.0.0")
            .tarball(CLI, "1.1.0", TarballBuilder.npmPackage(CLI, "1.1.0").build())
            .tag(CLI, "latest", "1.1.0");

    @Test
    void sendsTheTokenOfTheNpmrcToTheRegistryOnEveryRequest() throws IOException {
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published)) {
            Files.writeString(
                    home.resolve(".npmrc"), "//127.0.0.1:" + registry.port() + "/:_authToken=${REGISTRY_TOKEN}\n");
            VersionSource source = source(registry.uri(), Map.of("REGISTRY_TOKEN", TOKEN));

            assertEquals(Version.parse("1.1.0"), source.distTag(CLI, "latest"));
            assertEquals(2, source.versions(CLI).size());
            source.release(CLI, Version.parse("1.1.0"));

            List<LoopbackRegistry.Request> requests = registry.requests();
            assertEquals(3, requests.size(), requests.toString());
            assertTrue(
                    requests.stream().allMatch(r -> r.header("Authorization").equals(Optional.of("Bearer " + TOKEN))),
                    "every request carries the token");
        }
    }

    @Test
    void neverSendsTheTokenOnARedirectToAnotherPortOfTheSameHost() {
        try (LoopbackRegistry other = LoopbackRegistry.serve(published);
                LoopbackRegistry registry = LoopbackRegistry.serve(published)) {
            registry.override(
                    LoopbackRegistry.distTagsPath(CLI),
                    LoopbackRegistry.redirect(302, other.uri() + "-/package/@waiaas%2fcli/dist-tags"));
            VersionSource source = source(registry.uri(), Map.of("WAIAAS_UPDATE_TOKEN", TOKEN));

            assertEquals(Version.parse("1.1.0"), source.distTag(CLI, "latest"));

            assertEquals(
                    Optional.of("Bearer " + TOKEN), registry.requests().get(0).header("Authorization"));
            assertEquals(1, other.requests().size());
            assertEquals(
                    Optional.empty(), other.requests().get(0).header("Authorization"), "the token left its origin");
        }
    }

    @Test
    void aRegistryThatRefusesSaysWhichAndHowToGiveAToken() {
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published)) {
            registry.override(LoopbackRegistry.distTagsPath(CLI), LoopbackRegistry.status(401));
            NpmRegistryException anonymous = assertThrows(
                    NpmRegistryException.class,
                    () -> source(registry.uri(), Map.of()).distTag(CLI, "latest"));
            assertEquals(
                    "npm registry " + registry.uri() + " refused access (HTTP 401, GET " + registry.uri()
                            + "-/package/@waiaas%2fcli/dist-tags): it needs a token; give one as //127.0.0.1:"
                            + registry.port() + "/:_authToken=… in ~/.npmrc, in WAIAAS_UPDATE_TOKEN or in"
                            + " [update] token_file",
                    anonymous.getMessage());

            registry.override(LoopbackRegistry.distTagsPath(CLI), LoopbackRegistry.status(403));
            NpmRegistryException withToken = assertThrows(
                    NpmRegistryException.class,
                    () -> source(registry.uri(), Map.of("WAIAAS_UPDATE_TOKEN", TOKEN))
                            .distTag(CLI, "latest"));
            assertTrue(
                    withToken.getMessage().contains("refused the credentials from WAIAAS_UPDATE_TOKEN (HTTP 403"),
                    withToken.getMessage());
            assertFalse(withToken.getMessage().contains(TOKEN), "the token is in the message");
        }
    }

    @Test
    void aForwardProxySeesEveryRequestWhenTheVariableIsSetAndTheDownloadToo() throws IOException {
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published);
                LoopbackProxy proxy = LoopbackProxy.start(InetAddress.getLoopbackAddress())) {
            installTheLatest(
                    registry.uri(), Map.of("HTTP_PROXY", proxy.uri().toString(), "WAIAAS_UPDATE_TOKEN", TOKEN));

            List<LoopbackProxy.Seen> seen = proxy.seen();
            assertEquals(registry.requests().size(), seen.size(), "requests that went around the proxy");
            assertTrue(
                    registry.requests().stream()
                            .allMatch(r -> proxy.upstreamPorts().contains(r.clientPort())),
                    "a request came from a connection the proxy did not open");
            assertTrue(seen.stream().anyMatch(s -> s.target().endsWith(".tgz")), seen.toString());
            assertTrue(
                    seen.stream()
                            .allMatch(s -> s.target().startsWith(registry.uri().toString())),
                    seen.toString());
            assertTrue(seen.stream().allMatch(LoopbackProxy.Seen::authorized), "the token did not go along");
            assertTrue(Files.isDirectory(home.resolve("root/versions/1.1.0")));
        }
    }

    /**
     * An https registry behind {@code HTTPS_PROXY}: every request, the download included, goes through the proxy's
     * CONNECT tunnel (the registry saw no connection the proxy did not open), and the token travels inside it.
     */
    @Test
    void anHttpsRegistryIsReachedOnlyThroughTheTunnelOfTheHttpsProxy() throws Exception {
        LoopbackTls tls = LoopbackTls.create(home.resolve("tls"));
        SSLContext before = SSLContext.getDefault();
        // The registry's HTTP client takes the default context when it is built: trust the test's certificate.
        SSLContext.setDefault(tls.client());
        try (LoopbackRegistry registry = LoopbackRegistry.serveTls(published, tls.server());
                LoopbackProxy proxy = LoopbackProxy.start(InetAddress.getLoopbackAddress())) {
            installTheLatest(
                    registry.uri(), Map.of("HTTPS_PROXY", proxy.uri().toString(), "WAIAAS_UPDATE_TOKEN", TOKEN));

            List<LoopbackProxy.Seen> seen = proxy.seen();
            assertFalse(seen.isEmpty(), "the proxy saw nothing");
            assertTrue(
                    seen.stream()
                            .allMatch(s ->
                                    s.method().equals("CONNECT") && s.target().equals("127.0.0.1:" + registry.port())),
                    seen.toString());
            assertTrue(registry.requestsTo(LoopbackRegistry.tarballPath(CLI, "1.1.0")) > 0, "no download");
            List<Integer> around = registry.requests().stream()
                    .map(LoopbackRegistry.Request::clientPort)
                    .filter(port -> !proxy.upstreamPorts().contains(port))
                    .toList();
            assertEquals(List.of(), around, "requests that went around the proxy, from these ports");
            assertTrue(
                    registry.requests().stream()
                            .allMatch(r -> r.header("Authorization").isPresent()),
                    "the token did not go along");
            assertTrue(Files.isDirectory(home.resolve("root/versions/1.1.0")));
        } finally {
            SSLContext.setDefault(before);
        }
    }

    @Test
    void aProxyUrlWithUserInfoAuthenticatesToTheProxyAndNeverShowsItsPassword() {
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published);
                LoopbackProxy proxy = LoopbackProxy.start(InetAddress.getLoopbackAddress())) {
            String withUser = "http://ops:pr0xy-s3cret@" + proxy.uri().getAuthority();
            VersionSource source = source(registry.uri(), Map.of("HTTP_PROXY", withUser));

            assertEquals(Version.parse("1.1.0"), source.distTag(CLI, "latest"));

            String expected = "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString("ops:pr0xy-s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(
                    List.of(expected),
                    proxy.seen().stream()
                            .map(LoopbackProxy.Seen::proxyAuthorization)
                            .toList());
            assertTrue(
                    registry.requests().stream()
                            .allMatch(r -> r.header("Proxy-Authorization").isEmpty()),
                    "the proxy's credentials went on to the registry");

            registry.override(LoopbackRegistry.distTagsPath(CLI), LoopbackRegistry.status(407));
            NpmRegistryException e = assertThrows(
                    NpmRegistryException.class,
                    () -> source(registry.uri(), Map.of("HTTP_PROXY", withUser)).distTag(CLI, "latest"));
            assertTrue(
                    e.getMessage().startsWith("the proxy " + proxy.uri() + " (HTTP_PROXY) refused its credentials"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("pr0xy-s3cret"), e.getMessage());
        }
    }

    @Test
    void aNoProxyHostGoesDirectAndTheProxySeesNothing() {
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published);
                LoopbackProxy proxy = LoopbackProxy.start(InetAddress.getLoopbackAddress())) {
            VersionSource source = source(
                    registry.uri(), Map.of("http_proxy", proxy.uri().toString(), "NO_PROXY", "example.com, 127.0.0.1"));

            assertEquals(Version.parse("1.1.0"), source.distTag(CLI, "latest"));

            assertEquals(List.of(), proxy.seen());
            assertEquals(1, registry.requests().size());
        }
    }

    @Test
    void aProxyThatIsDownIsNamedNotTheRegistry() {
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published)) {
            URI closed = LoopbackRegistry.closedPortUri();
            String proxy = "http://127.0.0.1:" + closed.getPort();
            NpmRegistryException e = assertThrows(
                    NpmRegistryException.class,
                    () -> source(registry.uri(), Map.of("HTTP_PROXY", proxy)).distTag(CLI, "latest"));

            assertEquals(
                    "could not connect to the proxy " + proxy + " (HTTP_PROXY) for the npm registry at 127.0.0.1:"
                            + registry.port() + " (connection refused)",
                    e.getMessage());
            assertEquals(0, registry.requests().size());
        }
    }

    /** Check {@code registry}'s latest release and install it side by side under {@code home/root}. */
    private void installTheLatest(URI registry, Map<String, String> env) {
        NpmRegistry.Access access = access(registry, env);
        VersionSource source = NpmRegistry.versionSource(access);
        PackageInstaller installer =
                NpmRegistry.packageInstaller(access, home.resolve("root"), Optional.empty(), Map.of());
        Version latest = source.distTag(CLI, "latest");
        installer.install(source.release(CLI, latest), (received, total) -> {});
    }

    private VersionSource source(URI registry, Map<String, String> env) {
        return NpmRegistry.versionSource(access(registry, env));
    }

    private NpmRegistry.Access access(URI registry, Map<String, String> env) {
        return NpmRegistry.access(
                Optional.of(registry), CLI, new HashMap<>(env), home, Optional.empty(), Optional.empty());
    }
}
