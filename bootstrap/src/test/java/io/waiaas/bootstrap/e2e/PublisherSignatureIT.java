package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import io.waiaas.application.testkit.ReliabilityLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Publisher signatures (TRST-B1..B3) through the real runtime image: N trusts the TEST-ONLY key list the build wrote
 * into it, and a loopback registry serves, correctly signed by the registry, an N+1 that one publisher check refuses
 * (test/trust/, made by build-packages.sh), or the key-rotation walk.
 */
@Timeout(600)
class PublisherSignatureIT {
    private static final Path TRUST = TestReleases.PACKAGES.resolve("test/trust");

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:publisher-signature-it");
    private final List<LoopbackRegistry> registries = new ArrayList<>();
    private String n;
    private String next;
    private String afterNext;
    private Path dataDir;
    private Path database;
    private ImageRunner image;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        n = System.getProperty("waiaas.version");
        next = TestReleases.nextVersion();
        afterNext = Files.readString(TRUST.resolve("after-next-version")).strip();
        dataDir = tmp.resolve("data");
        database = dataDir.resolve("data/waiaas.db");
        Files.createDirectories(dataDir);
        image = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
    }

    @AfterEach
    void tearDown() throws Exception {
        image.stopAll();
        registries.forEach(LoopbackRegistry::close);
    }

    /** The hostile packages of test/trust/ and the check that must name each one's refusal. */
    static Stream<Arguments> hostilePackages() {
        return Stream.of(
                Arguments.of("unknown-key", "unknown-key"),
                Arguments.of("expired-key", "expired-key"),
                Arguments.of("revoked-key", "revoked-key"),
                Arguments.of("no-endorsement", "endorsement"),
                Arguments.of("file-added", "files"),
                Arguments.of("file-changed", "files"),
                Arguments.of("file-removed", "files"),
                Arguments.of("version-mismatch", "version"),
                Arguments.of("schema-mismatch", "schema"),
                Arguments.of("unsigned", "manifest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePackages")
    void aReleaseThePublisherDidNotSignIsRefusedNothingIsInstalledAndNServesOnWithItsRows(String variant, String check)
            throws Exception {
        serve(
                next,
                Map.of(n, TestReleases.release(n), next, TRUST.resolve("waiaas-cli-" + next + "-" + variant + ".tgz")));
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows();

        ImageRunner.Result r = image.run("upgrade", "--yes");
        ReliabilityLedger.hostileInputOfCallingTest("publisher check " + variant);
        // Found at step 4, after the stop: the upgrade rolls back to N (exit 3) with one line naming the check.
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains("step 4 (install)"), r.err());
        assertTrue(r.err().contains("is refused by the publisher check \"" + check + "\""), r.err());
        ImageRunner.awaitHealth(port, h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(20));
        assertEquals(rows, readRows());
        assertFalse(Files.exists(dataDir.resolve("runtime/versions/" + next)), "the refused package was installed");
        assertEquals(n + "\n", image.installed().run("--version").out());
    }

    @Test
    void theKeyRotationWalksNThroughTheEndorsingReleaseToTheNewKeysRelease() throws Exception {
        serve(
                afterNext,
                Map.of(
                        n, TestReleases.release(n),
                        next, TRUST.resolve("waiaas-cli-" + next + "-rotation.tgz"),
                        afterNext, TRUST.resolve("waiaas-cli-" + afterNext + "-rotation.tgz")));
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows();

        ImageRunner.Result r = image.run("upgrade", "--yes");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("publisher's signature (key test-key-1)"), r.out());
        assertTrue(r.out().contains("publisher's signature (key test-key-2)"), r.out());
        JsonNode health = ImageRunner.awaitHealth(
                port, h -> afterNext.equals(h.path("version").textValue()), Duration.ofSeconds(20));
        assertEquals(afterNext, health.path("version").textValue());
        assertEquals(rows, readRows());
    }

    @Test
    void theNewKeysReleaseStraightFromNIsRefusedForWantOfAnEndorsement() throws Exception {
        serve(
                afterNext,
                Map.of(
                        n, TestReleases.release(n),
                        afterNext, TRUST.resolve("waiaas-cli-" + afterNext + "-rotation-direct.tgz")));
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows();

        ImageRunner.Result r = image.run("upgrade", "--yes", "--json");
        ReliabilityLedger.hostileInputOfCallingTest("a new key with no endorsement in the path");
        assertEquals(3, r.exit(), r.toString());
        // --json: the outcome's JSON (its quotes escaped) carries the one line naming the check.
        String said = r.out() + r.err();
        assertTrue(said.contains("is refused by the publisher check \\\"endorsement\\\""), said);
        ImageRunner.awaitHealth(port, h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(20));
        assertEquals(rows, readRows());
        assertFalse(
                Files.exists(dataDir.resolve("runtime/versions/" + afterNext)), "the refused release was installed");
    }

    // ---- helpers ----

    /** Serve each version's package, signed by the registry, {@code latest} as latest; point the config at it. */
    private void serve(String latest, Map<String, Path> packages) throws IOException {
        PublishedPackages published = new PublishedPackages().keys(key);
        for (Map.Entry<String, Path> p : packages.entrySet()) {
            TestReleases.publish(published, p.getKey(), p.getValue(), key);
        }
        published.tag(TestReleases.CLI, "latest", latest);
        LoopbackRegistry registry = LoopbackRegistry.serve(published);
        registries.add(registry);
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"" + registry.uri() + "\"\n");
    }

    /** Write 50 rows while the daemon runs; return what the store holds after. */
    private Map<String, String> writeRows() {
        Map<String, String> values = new LinkedHashMap<>();
        IntStream.range(0, 50).forEach(i -> values.put("trust." + i, "value " + i));
        try (SqliteStorage storage = SqliteStorage.open(database, InstantSource.system())) {
            storage.keyValueStore().putAll(values);
        }
        Map<String, String> rows = readRows();
        assertTrue(rows.entrySet().containsAll(values.entrySet()), rows.toString());
        return rows;
    }

    private Map<String, String> readRows() {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String row : SqliteFiles.query(database, "SELECT key || '=' || value FROM key_value_store ORDER BY key")) {
            rows.put(row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
        }
        return rows;
    }
}
