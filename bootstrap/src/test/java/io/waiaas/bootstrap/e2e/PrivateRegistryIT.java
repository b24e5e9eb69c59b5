package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.adapters.sqlite.SqliteStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * waiaas installed from a real private npm registry, as an operator would: Verdaccio (local storage, no uplinks) on a
 * loopback port, N and N+1 (the packages the build made) put in with real {@code npm publish}, N installed with real
 * {@code npm install -g}, and the installed waiaas driven as real processes: its daemon's check, {@code upgrade} of the
 * npm global install, and a registry that lets only authenticated readers in.
 */
@Timeout(600)
class PrivateRegistryIT {
    private static final String CLI = TestReleases.CLI;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String n;
    private static String next;
    private static Path registryHome;
    private static Path storage;

    @TempDir
    Path tmp;

    private final List<VerdaccioRegistry> registries = new ArrayList<>();
    private Path dataDir;
    private int port;
    private ImageRunner waiaas;

    /** Publish N and N+1 once, with real npm publish, into a storage every test's registry serves. */
    @BeforeAll
    static void publishBothReleases() throws Exception {
        n = System.getProperty("waiaas.version");
        next = TestReleases.nextVersion();
        registryHome = VerdaccioReleases.home();
        storage = VerdaccioReleases.storage();
    }

    @BeforeEach
    void setUp() throws IOException {
        dataDir = Files.createDirectories(tmp.resolve("data"));
        port = ImageRunner.freePort();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (waiaas != null) {
            waiaas.run("stop");
        }
        for (VerdaccioRegistry registry : registries) {
            registry.close();
        }
    }

    @Test
    void anNpmGlobalInstallSeesTheNewReleaseInItsDaemonsCheckAndUpgradesToIt() throws Exception {
        VerdaccioRegistry registry = serve(VerdaccioRegistry.ANYONE);
        install(registry, "");
        configure(registry, true);

        assertEquals(0, waiaas.run("start", "-d").exit());
        JsonNode health = ImageRunner.awaitHealth(
                port, h -> next.equals(h.path("latestVersion").textValue()), Duration.ofSeconds(30));
        assertTrue(health.path("updateAvailable").booleanValue(), health.toString());
        assertTrue(waiaas.run("status").out().contains("latest   " + next + " (update available"));

        // Verdaccio publishes no signing keys: where signatures are required the release is refused, changing nothing.
        waiaas.env("WAIAAS_UPDATE_REQUIRE_SIGNATURES", "true");
        ImageRunner.Result refused = waiaas.run("upgrade", "--yes");
        waiaas.env("WAIAAS_UPDATE_REQUIRE_SIGNATURES", "");
        assertEquals(5, refused.exit(), refused.toString());
        assertTrue(
                refused.err().contains("is not signed: the registry " + registry.uri() + " publishes no signing keys"),
                refused.err());
        assertEquals(n + "\n", waiaas.run("--version").out());
        assertFalse(Files.exists(dataDir.resolve("backups")), "a refused upgrade backed something up");

        ImageRunner.Result upgrade = waiaas.run("upgrade", "--yes");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        assertTrue(upgrade.out().contains("Upgrade complete: " + n + " \u2192 " + next), upgrade.out());
        // And otherwise the operator is told what was, and was not, verified.
        assertTrue(
                upgrade.out()
                        .contains("verified " + CLI + "@" + next + ": sha512 integrity only: the registry publishes no"
                                + " signing keys, so no signature was checked"),
                upgrade.out());
        ImageRunner.awaitHealth(port, h -> next.equals(h.path("version").textValue()), Duration.ofSeconds(30));
        assertEquals(next + "\n", waiaas.run("--version").out());
        assertFalse(upgrade.out().contains("From now on"), "npm's bin link stays the command: " + upgrade.out());

        ImageRunner.Result rollback = waiaas.run("upgrade", "--rollback");
        assertEquals(0, rollback.exit(), rollback.toString());
        assertTrue(rollback.out().contains("Rollback complete: " + next + " \u2192 " + n), rollback.out());
        ImageRunner.awaitHealth(port, h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(30));
        assertEquals(n + "\n", waiaas.run("--version").out(), "npm's bin link runs " + n + " again");
    }

    /**
     * An upgrade whose migration fails rolls the npm global install back by itself: npm installs N again from the
     * package the upgrade kept, the daemon serves N with every row.
     */
    @Test
    void aFailedUpgradeOfAnNpmGlobalInstallRollsItselfBackToTheKeptPackage() throws Exception {
        VerdaccioReleases.Published failing = VerdaccioReleases.published("-failing-migration");
        VerdaccioRegistry registry =
                VerdaccioRegistry.start(failing.home(), failing.storage(), "127.0.0.1", VerdaccioRegistry.ANYONE);
        registries.add(registry);
        install(registry, "");
        configure(registry, false);
        assertEquals(0, waiaas.run("start", "-d").exit());
        Map<String, String> rows = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            rows.put("row." + i, "v");
        }
        try (SqliteStorage db = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            db.keyValueStore().putAll(rows);
        }

        ImageRunner.Result upgrade = waiaas.run("upgrade", "--yes");

        assertEquals(3, upgrade.exit(), upgrade.toString());
        assertTrue(upgrade.err().contains("rolled back to " + n), upgrade.err());
        ImageRunner.awaitHealth(port, h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(30));
        assertEquals(n + "\n", waiaas.run("--version").out());
        assertTrue(
                Files.isRegularFile(dataDir.resolve("runtime/kept/waiaas-cli-" + n + ".tgz")),
                "the package of " + n + " is kept");
        try (SqliteStorage db = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            for (String key : rows.keySet()) {
                assertEquals(Optional.of("v"), db.keyValueStore().get(key), key);
            }
        }
    }

    /**
     * The npm channel's caches: npm's postinstall trains N, the upgrade trains N+1 in the background. About two
     * minutes, so in the full run only ({@code ./test -Preliability}); InstalledAotCachesIT covers the installer's
     * training in every run.
     */
    @Test
    @Tag("full")
    void aPlainNpmInstallAndEachUpgradeMakeAotCachesThatTheInstalledLauncherUses() throws Exception {
        VerdaccioRegistry registry = serve(VerdaccioRegistry.ANYONE);
        install(registry, "", true);
        Path home = tmp.resolve("prefix/lib/node_modules/@waiaas/cli").toRealPath();
        // npm's postinstall trained N where npm put it.
        assertEquals(home + "\n", Files.readString(home.resolve("lib/waiaas-aot.home")));
        InstalledAot.assertOpensItsCache(waiaas, home, "cli", "--version");
        InstalledAot.assertOpensItsCache(waiaas, home, "cli", "status");

        configure(registry, false);
        waiaas.env("WAIAAS_INSTALL_AOT_CACHES", "true");
        Instant before = Instant.now().minusSeconds(1);
        ImageRunner.Result upgrade = waiaas.run("upgrade", "--yes");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        // The upgrade ran npm without scripts and started N+1's training itself, in the background.
        InstalledAot.awaitCaches(home, before, Duration.ofMinutes(3));
        assertEquals(next + "\n", waiaas.run("--version").out());
        InstalledAot.assertOpensItsCache(waiaas, home, "cli", "status");
    }

    @Test
    void aRegistryThatNeedsATokenIsCheckedAndUpgradedFromWithTheTokenOfTheNpmrc() throws Exception {
        VerdaccioRegistry registry = serve(VerdaccioRegistry.AUTHENTICATED);
        String token = registry.addUser("operator");
        install(registry, token);
        configure(registry, true);
        // As an operator writes it: the token stays in a variable, the npmrc refers to it (npm's own syntax).
        Files.writeString(
                dataDir.getParent().resolve(".npmrc"), registry.nerfDart() + ":_authToken=${REGISTRY_TOKEN}\n");
        waiaas.env("REGISTRY_TOKEN", token);
        List<ImageRunner.Result> outputs = new ArrayList<>();

        outputs.add(waiaas.run("start", "-d"));
        assertEquals(0, outputs.getLast().exit(), outputs.getLast().toString());
        ImageRunner.awaitHealth(port, h -> next.equals(h.path("latestVersion").textValue()), Duration.ofSeconds(30));
        outputs.add(waiaas.run("upgrade", "--check"));
        assertTrue(
                outputs.getLast().out().contains("Update available: " + n + " \u2192 " + next),
                outputs.getLast().toString());
        outputs.add(waiaas.run("upgrade", "--yes"));
        assertEquals(0, outputs.getLast().exit(), outputs.getLast().toString());
        ImageRunner.awaitHealth(port, h -> next.equals(h.path("version").textValue()), Duration.ofSeconds(30));
        outputs.add(waiaas.run("status", "--json"));
        outputs.add(waiaas.run("status"));

        assertTokenNowhere(token, outputs);
    }

    @Test
    void withoutATokenTheCheckAndTheUpgradeFailWithTheClearLineAndStatusSaysWhy() throws Exception {
        VerdaccioRegistry registry = serve(VerdaccioRegistry.AUTHENTICATED);
        install(registry, registry.addUser("installer"));
        configure(registry, true);
        String refusal = "npm registry " + registry.uri() + " refused access (HTTP 401";

        ImageRunner.Result check = waiaas.run("upgrade", "--check");
        assertEquals(1, check.exit(), check.toString());
        assertEquals(1, check.err().strip().lines().count(), check.err());
        assertTrue(check.err().contains(refusal), check.err());
        assertTrue(check.err().contains(registry.nerfDart() + ":_authToken=… in ~/.npmrc"), check.err());

        ImageRunner.Result upgrade = waiaas.run("upgrade", "--yes");
        assertEquals(1, upgrade.exit(), upgrade.toString());
        assertTrue(upgrade.err().contains(refusal), upgrade.err());
        assertEquals(n + "\n", waiaas.run("--version").out());
        assertFalse(Files.exists(dataDir.resolve("backups")), "a refused upgrade backed something up");

        assertEquals(0, waiaas.run("start", "-d").exit());
        String status = awaitStatus(s -> s.contains("failed: "));
        assertTrue(status.contains("latest   unknown (the last check, "), status);
        assertTrue(status.contains(refusal), status);
        JsonNode json = JSON.readTree(waiaas.run("status", "--json").out());
        assertTrue(json.path("latestVersion").isNull(), json.toString());
        assertTrue(json.path("lastCheckError").textValue().contains(refusal), json.toString());
        assertTrue(json.path("lastCheckFailedAt").isTextual(), json.toString());
    }

    @Test
    void aTokenFileOthersMayReadIsRefusedAndTheVariableCarriesTheTokenToNpm() throws Exception {
        VerdaccioRegistry registry = serve(VerdaccioRegistry.AUTHENTICATED);
        String token = registry.addUser("automation");
        install(registry, token);
        Path tokenFile = tmp.resolve("registry-token");
        Files.writeString(tokenFile, token + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
        configure(registry, false, "token_file = \"" + tokenFile + "\"\n");
        List<ImageRunner.Result> outputs = new ArrayList<>();

        outputs.add(waiaas.run("upgrade", "--check"));
        assertEquals(5, outputs.getLast().exit(), outputs.getLast().toString());
        assertEquals(
                "waiaas: [update] token_file " + tokenFile
                        + " may be read by others (mode 0644), refused; run: chmod 600 " + tokenFile,
                outputs.getLast().err().strip());

        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        outputs.add(waiaas.run("upgrade", "--check"));
        assertEquals(0, outputs.getLast().exit(), outputs.getLast().toString());
        assertTrue(outputs.getLast().out().contains("Update available: " + n + " \u2192 " + next));

        // npm install -g must get the token too: waiaas hands it over without writing it anywhere.
        configure(registry, false);
        waiaas.env("WAIAAS_UPDATE_TOKEN", token);
        outputs.add(waiaas.run("upgrade", "--yes"));
        assertEquals(0, outputs.getLast().exit(), outputs.getLast().toString());
        assertEquals(next + "\n", waiaas.run("--version").out());

        assertTokenNowhere(token, outputs);
    }

    // ---- helpers ----

    private VerdaccioRegistry serve(String access) throws IOException, InterruptedException {
        VerdaccioRegistry registry = VerdaccioRegistry.start(registryHome, storage, "127.0.0.1", access);
        registries.add(registry);
        return registry;
    }

    /**
     * Install N from {@code registry} with real npm install -g, without its postinstall (the AOT training, tested on its
     * own), and run waiaas from there.
     */
    private void install(VerdaccioRegistry registry, String token) throws IOException, InterruptedException {
        install(registry, token, false);
    }

    private void install(VerdaccioRegistry registry, String token, boolean scripts)
            throws IOException, InterruptedException {
        Path prefix = tmp.resolve("prefix");
        registry.installGlobal(prefix, CLI + "@" + n, token, scripts, tmp.resolve("npm"));
        waiaas = new ImageRunner(dataDir, tmp, prefix.resolve("bin/waiaas"))
                .env("PATH", VerdaccioRegistry.nodePath() + ":/usr/bin:/bin")
                .env("npm_config_cache", tmp.resolve("npm-cache").toString());
        assertEquals(n + "\n", waiaas.run("--version").out());
    }

    private void configure(VerdaccioRegistry registry, boolean check) throws IOException {
        configure(registry, check, "");
    }

    private void configure(VerdaccioRegistry registry, boolean check, String update) throws IOException {
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = " + check + "\nregistry = \"" + registry.uri()
                        + "\"\n" + update);
    }

    private String awaitStatus(java.util.function.Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = waiaas.run("status").out();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status never showed the expected state; last:\n" + last);
    }

    /** The token is in no command's output, the daemon's log, /health or any backup. */
    private void assertTokenNowhere(String token, List<ImageRunner.Result> outputs) throws IOException {
        for (ImageRunner.Result r : outputs) {
            assertFalse(r.out().contains(token) || r.err().contains(token), "a command printed the token");
        }
        assertFalse(
                ImageRunner.get(port, "/health", "127.0.0.1")
                        .map(ImageRunner.HttpReply::body)
                        .orElse("")
                        .contains(token),
                "/health carries the token");
        byte[] secret = token.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException gone) {
                    continue; // a -wal or -shm file the running daemon's last connection removed since the listing
                }
                assertFalse(contains(bytes, secret), "the token is in " + dataDir.relativize(file));
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
