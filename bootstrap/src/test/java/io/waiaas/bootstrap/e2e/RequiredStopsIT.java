package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Required upgrade stops (SPEC CMPT-B2) through the real runtime image: a loopback registry whose manifests declare
 * schema blocks that force stops, as the example does (database at schema s; 1.2.0 migrates from 1 and
 * brings s+1; 1.5.0 migrates from s+1 and brings s+3; 2.0.0 needs s+3).
 */
@Timeout(300)
class RequiredStopsIT {
    private static final String CLI = "@waiaas/cli";
    private static final Path PACKAGES =
            Path.of(System.getProperty("waiaas.packages", "target/packages")).toAbsolutePath();

    @TempDir
    Path tmp;

    private final List<LoopbackRegistry> registries = new ArrayList<>();
    private Path dataDir;
    private ImageRunner image;
    private int schema;
    private byte[] tarball;

    @BeforeEach
    void setUp() throws Exception {
        dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        image = new ImageRunner(dataDir, tmp);
        ImageRunner.Result created = image.run("db", "migrate");
        assertEquals(0, created.exit(), created.toString());
        schema = SqliteFiles.schemaVersion(dataDir.resolve("data/waiaas.db"));
        String next = Files.readString(PACKAGES.resolve("test/next-version")).strip();
        tarball = Files.readAllBytes(PACKAGES.resolve("test/waiaas-cli-" + next + ".tgz"));
    }

    @AfterEach
    void tearDown() {
        registries.forEach(LoopbackRegistry::close);
    }

    @Test
    void aDryRunPrintsTheRouteThroughTwoStopsAndChangesNothing() throws Exception {
        LoopbackRegistry registry = serve(true);
        ImageRunner.Result r = image.run("upgrade", "--dry-run");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Required stops: 1.2.0 \u2192 1.5.0 \u2192 2.0.0"), r.out());
        assertNothingChanged(registry);
    }

    @Test
    void withoutTheNeededIntermediateTheUpgradeIsRefusedWithExit5AndNothingChanges() throws Exception {
        LoopbackRegistry registry = serve(false);
        ImageRunner.Result r = image.run("upgrade", "--yes");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.err().contains("no version bridges schema " + (schema + 1) + " to " + (schema + 3)), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertNothingChanged(registry);
    }

    private void assertNothingChanged(LoopbackRegistry registry) throws IOException {
        assertEquals(schema, SqliteFiles.schemaVersion(dataDir.resolve("data/waiaas.db")));
        assertFalse(Files.exists(dataDir.resolve("runtime")), "something was installed");
        assertFalse(Files.exists(dataDir.resolve("backups"))
                && Files.list(dataDir.resolve("backups")).findAny().isPresent(), "a backup was made");
        assertEquals(0, registry.requests().stream().filter(q -> q.rawPath().endsWith(".tgz")).count());
        assertFalse(Files.exists(dataDir.resolve("upgrade.journal")));
    }

    private LoopbackRegistry serve(boolean withBridge) throws IOException {
        PublishedPackages published = new PublishedPackages();
        release(published, "1.2.0", schema + 1, 1);
        if (withBridge) {
            release(published, "1.5.0", schema + 3, schema + 1);
        }
        release(published, "2.0.0", schema + 4, schema + 3);
        published.tag(CLI, "latest", "2.0.0");
        LoopbackRegistry registry = LoopbackRegistry.serve(published);
        registries.add(registry);
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\nport = " + ImageRunner.freePort()
                + "\n[update]\ncheck = false\nregistry = \"" + registry.uri() + "\"\n");
        return registry;
    }

    private void release(PublishedPackages published, String version, int schemaVersion, int minCompatible) {
        published.tarball(CLI, version, tarball).manifestField(CLI, version, "waiaas",
                "{\"schemaVersion\":" + schemaVersion + ",\"minCompatibleSchemaVersion\":" + minCompatible + "}");
    }
}
