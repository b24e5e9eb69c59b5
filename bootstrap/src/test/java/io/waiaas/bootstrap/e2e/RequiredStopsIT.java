package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
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

/**
 * Required upgrade stops (CMPT-B2) through the real runtime image and real processes: a loopback registry
 * serving the signed stops packages the build made (test/stops/), shaped as the example: the database at
 * this build's schema s; {@code 1.2.0} migrates from 1 and brings s+1; {@code 1.5.0} migrates from s+1 and brings
 * s+3; {@code 2.0.0} migrates from s+3 and brings s+4 (the versions are those of test/stops/versions).
 */
@Timeout(300)
class RequiredStopsIT {
    private static final String ARROW = " \u2192 ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STOPS = TestReleases.PACKAGES.resolve("test/stops");

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:required-stops-it");
    private final List<LoopbackRegistry> registries = new ArrayList<>();
    private String n;
    private String first;
    private String bridge;
    private String target;
    private Path dataDir;
    private Path database;
    private ImageRunner image;
    private int schema;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        n = System.getProperty("waiaas.version");
        List<String> route = Files.readAllLines(STOPS.resolve("versions"));
        assertEquals(3, route.size(), "test/stops/versions: " + route);
        first = route.get(0);
        bridge = route.get(1);
        target = route.get(2);
        dataDir = tmp.resolve("data");
        database = dataDir.resolve("data/waiaas.db");
        Files.createDirectories(dataDir);
        image = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
        ImageRunner.Result created = image.run("db", "migrate");
        assertEquals(0, created.exit(), created.toString());
        schema = SqliteFiles.schemaVersion(database);
    }

    @AfterEach
    void tearDown() throws Exception {
        image.stopAll(); // whatever version runs now
        registries.forEach(LoopbackRegistry::close);
    }

    @Test
    void aDryRunPrintsTheRouteThroughTwoStopsAndChangesNothing() throws Exception {
        LoopbackRegistry registry = serve(true, "");
        ImageRunner.Result r = image.run("upgrade", "--dry-run");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Required stops: " + first + ARROW + bridge + ARROW + target), r.out());
        assertNothingChanged(registry);
    }

    @Test
    void withoutTheNeededIntermediateTheUpgradeIsRefusedWithExit5AndNothingChanges() throws Exception {
        LoopbackRegistry registry = serve(false, "");
        ImageRunner.Result r = image.run("upgrade", "--yes");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.err().contains("no version bridges schema " + (schema + 1) + " to " + (schema + 3)), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertNothingChanged(registry);
    }

    @Test
    void upgradeYesWalksBothStopsToTheTargetWithEveryRowIntactAndOneBackupPerStop() throws Exception {
        Walk walk = walk("");
        assertEquals(0, walk.upgrade().exit(), walk.upgrade().toString());
        assertStopsWalked(walk.upgrade().out(), List.of(n, first, bridge, target), 7);
        assertTrue(
                walk.upgrade().out().contains("Upgrade complete: " + n + ARROW + target),
                walk.upgrade().out());
        assertEndedOn(target, schema + 4, walk.rows(), List.of(schema + 1, schema + 2, schema + 3, schema + 4));

        // One pre-upgrade backup per stop, each of the version and schema the stop started from, with the rows.
        assertEquals(3, preUpgradeBackups().size(), preUpgradeBackups().toString());
        assertBackup(n, schema, walk.rows());
        assertBackup(first, schema + 1, walk.rows());
        assertBackup(bridge, schema + 3, walk.rows());
    }

    @Test
    void aMigrationFailingAtTheSecondStopLeavesTheFirstStopRunningWithItsData() throws Exception {
        Walk walk = walk("-failing-migration");
        ImageRunner.Result r = walk.upgrade();
        assertEquals(3, r.exit(), r.toString());
        assertStopsWalked(r.out(), List.of(n, first, bridge), 5);
        assertTrue(r.out().contains("restored the data from backup pre-upgrade-" + first + "-"), r.out());
        assertTrue(
                r.err().contains("upgrade failed at step 5 (migrate): stop 2 of 3 (" + first + ARROW + bridge + ")"),
                r.err());
        assertTrue(r.err().contains("stopped at the last good stop " + first), r.err());
        assertTrue(r.err().contains("rolled back to " + first), r.err());
        // Of the stops' migrations only the first stop's: none of the failed one's rows survived.
        assertEndedOn(first, schema + 1, walk.rows(), List.of(schema + 1));

        assertEquals(2, preUpgradeBackups().size(), preUpgradeBackups().toString());
        assertBackup(n, schema, walk.rows());
        assertBackup(first, schema + 1, walk.rows());
    }

    // ---- helpers ----

    /** The output of {@code upgrade --yes} and the rows in the database before it. */
    private record Walk(ImageRunner.Result upgrade, List<String> rows) {}

    /** Run N's daemon, write rows, then {@code upgrade --yes} through the stops, the bridge of {@code bridgeSuffix}. */
    private Walk walk(String bridgeSuffix) throws Exception {
        serve(true, bridgeSuffix);
        assertEquals(0, image.run("start", "-d").exit());
        List<String> rows = writeRows();
        return new Walk(image.run("upgrade", "--yes"), rows);
    }

    /**
     * Assert that {@code version} serves, at {@code schemaVersion}, with the database holding exactly {@code rows} and
     * the stops' migrations' rows {@code probes}, is the installed current version, and no upgrade is pending.
     */
    private void assertEndedOn(String version, int schemaVersion, List<String> rows, List<Integer> probes)
            throws Exception {
        JsonNode health = ImageRunner.awaitHealth(
                port, h -> version.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        assertEquals(schemaVersion, health.get("schemaVersion").intValue());
        assertEquals(schemaVersion, SqliteFiles.schemaVersion(database));
        assertEquals(rows, rows(database));
        assertEquals(probes, probes(database), "the rows the stops' migrations wrote");
        assertEquals(version + "\n", runtime().run("--version").out());
        assertFalse(Files.exists(dataDir.resolve("upgrade.journal")));
    }

    private void assertNothingChanged(LoopbackRegistry registry) throws IOException {
        assertEquals(schema, SqliteFiles.schemaVersion(database));
        assertFalse(Files.exists(dataDir.resolve("runtime")), "something was installed");
        assertFalse(
                Files.exists(dataDir.resolve("backups"))
                        && Files.list(dataDir.resolve("backups")).findAny().isPresent(),
                "a backup was made");
        assertEquals(
                0,
                registry.requests().stream()
                        .filter(q -> q.rawPath().endsWith(".tgz"))
                        .count());
        assertFalse(Files.exists(dataDir.resolve("upgrade.journal")));
    }

    /**
     * Assert that the output shows step 1 once, then announces each stop from {@code versions[k-1]} to
     * {@code versions[k]} in order, each followed by the steps of its own upgrade from 2 to 7, the last stop's up to
     * {@code lastStep}.
     */
    private static void assertStopsWalked(String out, List<String> versions, int lastStep) {
        int at = out.indexOf("[1/7] check: ");
        assertTrue(at >= 0 && out.indexOf("[1/7] ", at + 1) < 0, "step 1 not announced once: " + out);
        for (int k = 1; k < versions.size(); k++) {
            String announced = "stop " + k + " of 3 (" + versions.get(k - 1) + ARROW + versions.get(k) + ")";
            at = out.indexOf(announced, at);
            assertTrue(at >= 0, announced + " not announced in order: " + out);
            int next = out.indexOf("stop " + (k + 1) + " of 3 (", at);
            String stop = out.substring(at, next < 0 ? out.length() : next);
            int until = k == versions.size() - 1 ? lastStep : 7;
            for (int step = 2; step <= 7; step++) {
                assertEquals(
                        step <= until,
                        stop.contains("[" + step + "/7] "),
                        "step " + step + " of " + announced + ": " + stop);
            }
        }
        assertFalse(out.contains("stop " + versions.size() + " of 3 ("), "a stop after the last expected: " + out);
    }

    private void assertBackup(String version, int schemaVersion, List<String> rows) throws Exception {
        List<Path> found = preUpgradeBackups().stream()
                .filter(p -> p.getFileName().toString().startsWith("pre-upgrade-" + version + "-"))
                .toList();
        assertEquals(1, found.size(), "pre-upgrade backups of " + version + ": " + preUpgradeBackups());
        Path backup = found.get(0);
        JsonNode manifest = JSON.readTree(backup.resolve("manifest.json").toFile());
        assertEquals("pre-upgrade", manifest.get("reason").textValue(), manifest.toString());
        assertEquals(version, manifest.get("appVersion").textValue(), manifest.toString());
        assertEquals(schemaVersion, manifest.get("schemaVersion").intValue(), manifest.toString());
        assertTrue(manifest.get("files").size() >= 1, manifest.toString());
        for (JsonNode file : manifest.get("files")) {
            Path path = backup.resolve(file.get("name").textValue());
            assertEquals(file.get("size").longValue(), Files.size(path), path.toString());
            assertEquals(file.get("sha256").textValue(), SqliteFiles.sha256(path), path.toString());
        }
        Path copy = backup.resolve("waiaas.db");
        assertEquals("ok", SqliteFiles.integrityCheck(copy));
        assertEquals(schemaVersion, SqliteFiles.schemaVersion(copy));
        assertEquals(rows, rows(copy));
    }

    private List<Path> preUpgradeBackups() throws IOException {
        try (Stream<Path> backups = Files.list(dataDir.resolve("backups"))) {
            return backups.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith("pre-upgrade-"))
                    .sorted()
                    .toList();
        }
    }

    /** Write rows to both tables of this build's schema while the daemon runs; return {@link #rows} after. */
    private List<String> writeRows() {
        Map<String, String> values = new LinkedHashMap<>();
        IntStream.range(0, 200).forEach(i -> values.put("before." + i, "value " + i));
        try (SqliteStorage storage = SqliteStorage.open(database, InstantSource.system())) {
            storage.keyValueStore().putAll(values);
        }
        SqliteFiles.execute(
                database,
                "INSERT INTO audit_events (occurred_at, type, detail) VALUES"
                        + " (1700000000, 'TEST_EVENT', 'first'), (1700000001, 'TEST_EVENT', 'second')");
        List<String> rows = rows(database);
        assertEquals(
                values.size() + 2,
                rows.stream()
                        .filter(r -> r.contains("before.") || r.contains("TEST_EVENT"))
                        .count(),
                rows.toString());
        return rows;
    }

    /** Return every row of the tables this build's migrations create, each as one line of all its columns. */
    private static List<String> rows(Path db) {
        List<String> rows = new ArrayList<>(SqliteFiles.query(
                db,
                "SELECT 'key_value_store|' || key || '|' || value"
                        + " || '|' || updated_at FROM key_value_store ORDER BY key"));
        rows.addAll(SqliteFiles.query(
                db,
                "SELECT 'audit_events|' || id || '|' || occurred_at || '|' || type || '|'"
                        + " || detail FROM audit_events ORDER BY id"));
        return rows;
    }

    /** Return the schema versions recorded in the stops packages' table, one row per migration that ran. */
    private static List<Integer> probes(Path db) {
        return SqliteFiles.query(db, "SELECT schema_version FROM stop_probe ORDER BY schema_version").stream()
                .map(Integer::parseInt)
                .toList();
    }

    private ImageRunner runtime() throws IOException {
        return image.installed();
    }

    /** Serve N, the first stop, the bridge (variant {@code bridgeSuffix}) when asked, and the target, signed. */
    private LoopbackRegistry serve(boolean withBridge, String bridgeSuffix) throws IOException {
        PublishedPackages published = new PublishedPackages().keys(key);
        TestReleases.publish(published, n, TestReleases.release(n), key);
        TestReleases.publish(published, first, stopsPackage(first, ""), key);
        if (withBridge) {
            TestReleases.publish(published, bridge, stopsPackage(bridge, bridgeSuffix), key);
        }
        TestReleases.publish(published, target, stopsPackage(target, ""), key);
        published.tag(TestReleases.CLI, "latest", target);
        LoopbackRegistry registry = LoopbackRegistry.serve(published);
        registries.add(registry);
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"" + registry.uri() + "\"\n");
        return registry;
    }

    private static Path stopsPackage(String version, String suffix) {
        return STOPS.resolve("waiaas-cli-" + version + suffix + ".tgz");
    }
}
