package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.testkit.FakeSystemctl;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waiaas upgrade} and {@code --rollback} of a daemon that a systemd unit runs, through the real runtime images
 * N and N+1 and a fake {@code systemctl} that really runs the unit: the daemon is stopped and started with {@code
 * systemctl}, so after each the unit's main process is the daemon serving the new version (SYSD-02).
 */
@Timeout(600)
class SystemdUpgradeIT {
    private static final String CLI = "@waiaas/cli";
    private static final Path PACKAGES =
            Path.of(System.getProperty("waiaas.packages", "target/packages")).toAbsolutePath();

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:systemd-upgrade-it");
    private LoopbackRegistry registry;
    private String n;
    private String next;
    private Path dataDir;
    private Path units;
    private Map<String, String> env;
    private ImageRunner image;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        n = System.getProperty("waiaas.version");
        next = Files.readString(PACKAGES.resolve("test/next-version")).strip();
        dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        port = ImageRunner.freePort();
        PublishedPackages published = new PublishedPackages().keys(key);
        TestReleases.publish(published, n, TestReleases.release(n), key);
        TestReleases.publish(published, next, PACKAGES.resolve("test/waiaas-cli-" + next + ".tgz"), key);
        published.tag(CLI, "latest", next);
        registry = LoopbackRegistry.serve(published);
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"" + registry.uri() + "\"\n");
        units = tmp.resolve("units");
        Path bin = tmp.resolve("fake-bin");
        FakeSystemctl.install(bin);
        env = Map.of(
                "PATH",
                bin + ":" + tmp.resolve("tools") + ":/usr/bin:/bin",
                "WAIAAS_SYSTEMD_UNIT_DIR",
                units.toString());
        image = new ImageRunner(dataDir, tmp).withEnv(env);
    }

    @AfterEach
    void tearDown() throws Exception {
        Path mainPid = FakeSystemctl.mainPidFile(units);
        if (Files.exists(mainPid) && !Files.readString(mainPid).isBlank()) {
            ProcessHandle.of(Long.parseLong(Files.readString(mainPid).strip())).ifPresent(ProcessHandle::destroy);
        }
        new ImageRunner(dataDir, tmp).stopAll();
        registry.close();
    }

    private ImageRunner runtime() throws IOException {
        return image.installed().withEnv(env);
    }

    private ImageRunner.Result systemctl(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(tmp.resolve("fake-bin/systemctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(image.environment());
        return ImageRunner.finish(builder.start(), "systemctl " + String.join(" ", args), Duration.ofSeconds(120));
    }

    private void assertTheUnitServes(String version) throws Exception {
        ImageRunner.awaitHealth(port, h -> version.equals(h.path("version").textValue()), Duration.ofSeconds(30));
        String mainPid = Files.readString(FakeSystemctl.mainPidFile(units)).strip();
        assertEquals(mainPid, Files.readString(dataDir.resolve("daemon.pid")).strip(), "the unit's process serves");
    }

    @Test
    void anUpgradeAndARollbackStopAndStartTheDaemonThroughTheUnit() throws Exception {
        // The first upgrade adopts the data dir's install root; back on N there, the unit runs its launcher.
        ImageRunner.Result adopt = image.run("upgrade");
        assertEquals(0, adopt.exit(), adopt.toString());
        ImageRunner.Result back = runtime().run("upgrade", "--rollback");
        assertEquals(0, back.exit(), back.toString());
        ImageRunner.Result install = runtime().run("service", "install", "--user");
        assertEquals(0, install.exit(), install.toString());
        assertTrue(Files.readString(units.resolve("waiaas.service"))
                .contains("\nExecStart=" + dataDir.resolve("runtime/bin/waiaas") + " --data-dir " + dataDir
                        + " start\n"));
        ImageRunner.Result started = systemctl("--user", "start", "waiaas");
        assertEquals(0, started.exit(), started.toString());
        assertTheUnitServes(n);
        int callsBefore = FakeSystemctl.calls(units).size();

        ImageRunner.Result upgrade = runtime().run("upgrade");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        assertTrue(upgrade.out().contains("Upgrade complete: " + n + " \u2192 " + next), upgrade.out());
        assertTheUnitServes(next);
        List<String> calls = FakeSystemctl.calls(units)
                .subList(callsBefore, FakeSystemctl.calls(units).size());
        assertTrue(calls.contains("--user stop --no-block waiaas.service"), calls.toString());
        assertTrue(calls.contains("--user start --no-block waiaas.service"), calls.toString());

        ImageRunner.Result rollback = runtime().run("upgrade", "--rollback");
        assertEquals(0, rollback.exit(), rollback.toString());
        assertTheUnitServes(n);
        assertEquals(n + "\n", runtime().run("--version").out());
    }
}
