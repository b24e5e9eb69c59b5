package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.RegistryKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installed copies start as fast as the build image (issue 16, finding 6): a JDK 25 AOT cache matches only the path
 * it was trained at, so the runtime the first upgrade adopts and the version it installs side by side each train
 * their own (in the background, once installed), and their launchers open them.
 */
@Timeout(600)
class InstalledAotCachesIT {
    @TempDir
    Path tmp;

    private LoopbackRegistry registry;
    private ImageRunner image;

    @AfterEach
    void tearDown() throws Exception {
        if (image != null) {
            image.stopAll();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theAdoptedAndTheInstalledVersionTrainTheirOwnCachesWhichTheirLaunchersOpen() throws Exception {
        String n = System.getProperty("waiaas.version");
        String next = TestReleases.nextVersion();
        RegistryKey key = RegistryKey.generate("SHA256:aot-it");
        registry = TestReleases.serveReleaseAndNext(n, next, key);
        Path dataDir = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + ImageRunner.freePort() + "\n[update]\ncheck = false\nregistry = \""
                        + registry.uri() + "\"\n[install]\naot_caches = true\n");
        image = new ImageRunner(dataDir, tmp).env("WAIAAS_INSTALL_AOT_CACHES", "true");
        Instant before = Instant.now().minusSeconds(1);

        ImageRunner.Result upgrade = image.run("upgrade", "--yes");
        assertEquals(0, upgrade.exit(), upgrade.toString());

        Path adopted = dataDir.resolve("runtime/versions/" + n).toRealPath();
        Path installed = dataDir.resolve("runtime/versions/" + next).toRealPath();
        InstalledAot.awaitCaches(adopted, before, Duration.ofMinutes(4));
        InstalledAot.awaitCaches(installed, before, Duration.ofMinutes(4));
        ImageRunner current = image.installed().env("WAIAAS_INSTALL_AOT_CACHES", "true");
        InstalledAot.assertOpensItsCache(current, installed, "cli", "--version");
        InstalledAot.assertOpensItsCache(current, installed, "cli", "status");
        ImageRunner previous = new ImageRunner(dataDir, tmp, adopted.resolve("bin/waiaas"));
        InstalledAot.assertOpensItsCache(previous, adopted, "cli", "status");

        // The adopted copy trained again now that `current` is the installed version (as on a slow machine, where
        // the background training runs after the upgrade switched): it trains its own code and hands no command
        // over to the current version. Its JVMs get a home of their own: a command handed over would otherwise
        // use the default data dir of whoever runs the test.
        ProcessBuilder again =
                new ProcessBuilder("/bin/sh", adopted.resolve("lib/waiaas-aot").toString());
        again.environment().put("WAIAAS_JAVA_OPTS", "-Duser.home=" + Files.createDirectories(tmp.resolve("home")));
        again.redirectErrorStream(true)
                .redirectOutput(tmp.resolve("retrain.log").toFile());
        Process training = again.start();
        assertTrue(training.waitFor(4, TimeUnit.MINUTES), "the training did not finish within 4 minutes");
        String log = Files.readString(tmp.resolve("retrain.log"));
        assertEquals(0, training.exitValue(), log);
        for (String role : List.of("daemon", "cli", "version")) {
            assertTrue(Files.isRegularFile(adopted.resolve("lib/waiaas-" + role + ".aot")), role + ":\n" + log);
        }
        InstalledAot.assertOpensItsCache(previous, adopted, "cli", "status");
    }
}
