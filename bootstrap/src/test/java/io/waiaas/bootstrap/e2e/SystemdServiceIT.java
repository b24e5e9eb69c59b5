package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.testkit.FakeSystemctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waiaas service install --user} through the real runtime image into a temporary unit dir, with a fake {@code
 * systemctl} on {@code PATH} that really runs the unit's commands; then the daemon started and stopped through it
 * (SYSD-01, SYSD-02).
 */
class SystemdServiceIT {
    @TempDir
    Path tmp;

    private ImageRunner waiaas;
    private Path dataDir;
    private Path units;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = tmp.resolve("data");
        Files.createDirectories(
                dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        port = ImageRunner.freePort();
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\nport = " + port + "\n[update]\ncheck = false\n");
        units = tmp.resolve("units");
        Path bin = tmp.resolve("fake-bin");
        FakeSystemctl.install(bin);
        ImageRunner plain = new ImageRunner(dataDir, tmp);
        waiaas = plain.withEnv(Map.of(
                "PATH",
                bin + ":" + tmp.resolve("tools") + ":/usr/bin:/bin",
                "WAIAAS_SYSTEMD_UNIT_DIR",
                units.toString()));
    }

    @AfterEach
    void tearDown() throws Exception {
        Path mainPid = FakeSystemctl.mainPidFile(units);
        if (Files.exists(mainPid)) {
            String pid = Files.readString(mainPid).strip();
            if (!pid.isEmpty()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
            }
        }
        new ImageRunner(dataDir, tmp).run("stop");
    }

    private ImageRunner.Result systemctl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of(tmp.resolve("fake-bin/systemctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(waiaas.environment());
        return ImageRunner.finish(builder.start(), "systemctl " + String.join(" ", args), Duration.ofSeconds(120));
    }

    private String launcher() {
        return waiaas.image().resolve("bin/waiaas").toString();
    }

    @Test
    void aDryRunPrintsTheUnitAndWritesNothing() throws Exception {
        ImageRunner.Result dry = waiaas.run("service", "install", "--user", "--dry-run");
        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("\nExecStart=" + launcher() + " --data-dir " + dataDir + " start\n"), dry.out());
        assertTrue(dry.out().contains("\nWantedBy=default.target\n"), dry.out());
        assertFalse(Files.exists(units.resolve("waiaas.service")));
        assertEquals(List.of(), FakeSystemctl.calls(units));
    }

    @Test
    void installEnablesTheUnitThenStartStopAndUninstallGoThroughSystemctl() throws Exception {
        ImageRunner.Result install = waiaas.run("service", "install", "--user");
        assertEquals(0, install.exit(), install.toString());
        Path unit = units.resolve("waiaas.service");
        assertEquals("Installed " + unit + " (enabled)\nStart it now: systemctl --user start waiaas\n", install.out());
        String text = Files.readString(unit);
        assertTrue(text.contains("\nExecStart=" + launcher() + " --data-dir " + dataDir + " start\n"), text);
        assertTrue(
                text.contains(
                        "\nExecStartPost=" + launcher() + " --data-dir " + dataDir + " status --wait-ready 1800\n"),
                text);
        assertTrue(text.contains("\nRestart=on-failure\n") && !text.contains("User="), text);
        assertEquals(List.of("--user daemon-reload", "--user enable waiaas.service"), FakeSystemctl.calls(units));

        ImageRunner.Result doctor = waiaas.run("doctor");
        assertTrue(doctor.out().contains("user unit " + unit + " (enabled, inactive)"), doctor.out());

        // The unit serves this data dir: start -d starts it through systemctl, and the daemon is the unit's.
        ImageRunner.Result start = waiaas.run("start", "-d");
        assertEquals(0, start.exit(), start.toString());
        assertTrue(
                FakeSystemctl.calls(units).contains("--user start --no-block waiaas.service"),
                FakeSystemctl.calls(units).toString());
        String mainPid = Files.readString(FakeSystemctl.mainPidFile(units)).strip();
        assertEquals(mainPid, Files.readString(dataDir.resolve("daemon.pid")).strip());
        assertTrue(ImageRunner.awaitHealth(port, Duration.ofSeconds(30)));

        ImageRunner.Result stop = waiaas.run("stop");
        assertEquals(0, stop.exit(), stop.toString());
        assertTrue(
                FakeSystemctl.calls(units).contains("--user stop --no-block waiaas.service"),
                FakeSystemctl.calls(units).toString());
        assertFalse(ProcessHandle.of(Long.parseLong(mainPid))
                .map(ProcessHandle::isAlive)
                .orElse(false));

        // What the operator runs: a blocking start whose ExecStartPost waits until the daemon is ready.
        ImageRunner.Result started = systemctl("--user", "start", "waiaas");
        assertEquals(0, started.exit(), started.toString());
        assertTrue(ImageRunner.awaitHealth(port, Duration.ofSeconds(5)), "ready when the start returned");
        String status = waiaas.run("status").out();
        assertTrue(status.startsWith("waiaas is running"), status);

        ImageRunner.Result uninstall = waiaas.run("service", "uninstall", "--user");
        assertEquals(0, uninstall.exit(), uninstall.toString());
        assertEquals("Removed " + unit + " (stopped and disabled)\n", uninstall.out());
        assertFalse(Files.exists(unit));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (waiaas.run("status").out().startsWith("waiaas is running") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("waiaas is stopped\n", waiaas.run("status").out());
    }
}
