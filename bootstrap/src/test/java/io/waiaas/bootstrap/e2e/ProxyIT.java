package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.testkit.LoopbackProxy;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.RegistryKey;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime image behind a forward proxy, as curl and npm take one: a loopback proxy on a second loopback address
 * (::1, the registry being on 127.0.0.1) sees the daemon's check and every request of {@code upgrade}, the download included, when
 * {@code HTTP_PROXY} is set; none when {@code NO_PROXY} names the registry's host; and a proxy that is down is named.
 */
@Timeout(300)
class ProxyIT {
    private static final String CLI = TestReleases.CLI;

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:proxy-it");
    private LoopbackRegistry registry;
    private LoopbackProxy proxy;
    private ImageRunner image;
    private Path dataDir;
    private String n;
    private String next;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        n = System.getProperty("waiaas.version");
        next = TestReleases.nextVersion();
        registry = TestReleases.serveReleaseAndNext(n, next, key);
        proxy = LoopbackProxy.start(InetAddress.getByName("::1"));
        dataDir = Files.createDirectories(tmp.resolve("data"));
        image = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = true\nregistry = \"" + registry.uri() + "\"\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        image.stopAll();
        proxy.close();
        registry.close();
    }

    @Test
    void theDaemonsCheckAndTheUpgradeGoThroughTheProxyTheVariableNames() throws Exception {
        image.env("HTTP_PROXY", proxy.uri().toString());

        assertEquals(0, image.run("start", "-d").exit());
        ImageRunner.awaitHealth(port, h -> next.equals(h.path("latestVersion").textValue()), Duration.ofSeconds(30));
        ImageRunner.Result upgrade = image.run("upgrade", "--yes");
        assertEquals(0, upgrade.exit(), upgrade.toString());

        // Read in this order: a request reaches the proxy before the registry, so a restarted daemon's check in
        // between cannot make the proxy look short.
        long atTheRegistry = registry.requests().size();
        List<LoopbackProxy.Seen> seen = proxy.seen();
        assertTrue(seen.size() >= atTheRegistry, "requests went around the proxy: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.target().contains("/dist-tags")), "the daemon's check: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.target().endsWith(".tgz")), "the download: " + seen);
        assertTrue(
                seen.stream().allMatch(s -> s.target().startsWith(registry.uri().toString())), seen.toString());
    }

    @Test
    void aNoProxyHostGoesDirectAndTheProxySeesNothing() throws Exception {
        image.env("http_proxy", proxy.uri().toString()).env("NO_PROXY", "localhost,127.0.0.1");

        assertEquals(0, image.run("start", "-d").exit());
        ImageRunner.awaitHealth(port, h -> next.equals(h.path("latestVersion").textValue()), Duration.ofSeconds(30));
        assertEquals(0, image.run("upgrade", "--yes").exit());

        assertEquals(List.of(), proxy.seen());
        assertTrue(registry.requestsTo(LoopbackRegistry.tarballPath(CLI, next)) > 0);
    }

    @Test
    void aProxyThatIsDownIsNamedNotTheRegistry() throws Exception {
        String down = "http://[::1]:" + LoopbackRegistry.closedPortUri().getPort();
        image.env("HTTP_PROXY", down);

        ImageRunner.Result check = image.run("upgrade", "--check");

        assertEquals(1, check.exit(), check.toString());
        assertTrue(
                check.err()
                        .contains("could not connect to the proxy " + down + " (HTTP_PROXY) for the npm registry at"
                                + " 127.0.0.1:" + registry.port()),
                check.err());
        assertEquals(0, registry.requests().size());
    }
}
