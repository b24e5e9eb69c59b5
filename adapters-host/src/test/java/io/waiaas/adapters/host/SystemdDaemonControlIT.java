package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.ServiceManager;
import io.waiaas.application.testkit.DaemonControlContract;
import io.waiaas.application.testkit.FakeSystemctl;
import io.waiaas.application.testkit.Launch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link DaemonControlContract} against {@link SystemdDaemonControl} with a real (fake) {@code systemctl} on
 * {@code PATH} that starts the unit's {@code ExecStart=} as a real process and stops it with SIGTERM (SYSD-02).
 */
class SystemdDaemonControlIT implements DaemonControlContract {
    @TempDir
    Path dir;

    private final ContractProcesses contract = new ContractProcesses();
    private DaemonFiles files;
    private Map<String, String> env;

    @AfterEach
    void stopEveryProcessTheTestStarted() throws IOException {
        contract.stopAll();
        // The fake systemctl's daemons are not our descendants once their starter exited: stop the last by its pid.
        Path mainPid = FakeSystemctl.mainPidFile(dir.resolve("units"));
        if (Files.exists(mainPid)) {
            Systemctl.pid(Files.readString(mainPid))
                    .flatMap(ProcessHandle::of)
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        Path bin = dir.resolve("bin");
        FakeSystemctl.install(bin);
        environment.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put(Systemctl.UNIT_DIR, dir.resolve("units").toString());
        return environment;
    }

    @Override
    public DaemonControl newControl(Launch launch) {
        files = new DaemonFiles(dir.resolve("data-dir"));
        env = environment();
        SystemdServiceManager manager = new SystemdServiceManager(env, dir);
        manager.install(new ServiceManager.UnitSpec(
                true, script(launch).toString(), files.dataDir().toString(), Optional.empty(), 60));
        return new SystemdDaemonControl(files, env, true);
    }

    @Override
    public long holdDataDir() {
        return contract.holdDataDir(files);
    }

    @Override
    public void leaveStalePidFile() {
        ContractProcesses.leaveStalePidFile(files);
    }

    @Override
    public boolean pidFileExists() {
        return Files.exists(files.pidFile());
    }

    @Override
    public long startProcess(boolean ignoresSigterm) {
        return contract.startProcess(ignoresSigterm);
    }

    @Override
    public boolean isAlive(long pid) {
        return ContractProcesses.isAlive(pid);
    }

    private Path script(Launch launch) {
        StringBuilder text = new StringBuilder("#!/bin/sh\n");
        if (!launch.logLines().isEmpty()) {
            text.append("printf '%s\\n'");
            launch.logLines()
                    .forEach(line ->
                            text.append(" '").append(line.replace("'", "'\\''")).append('\''));
            text.append('\n');
        }
        text.append(
                        launch.exitCode().isPresent()
                                ? "exit " + launch.exitCode().getAsInt()
                                : "exec /bin/sh -c 'trap \"exit 143\" TERM; while :; do sleep 0.1; done' daemon \"$@\"")
                .append('\n');
        try {
            Path script = dir.resolve("daemon.sh");
            Files.writeString(script, text.toString(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return script;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void startsAndStopsTheDaemonThroughSystemctlAndNotBehindItsBack() {
        DaemonControl control = newControl(Launch.keepsRunning("listening on 127.0.0.1:3100"));
        DaemonControl.Spawned spawned = control.spawn();
        assertEquals(
                Optional.of(spawned.pid()),
                Systemctl.pid(read(FakeSystemctl.mainPidFile(dir.resolve("units")))),
                "the daemon is the unit's main process");
        assertTrue(control.terminate(spawned.pid(), PATIENCE));
        assertFalse(isAlive(spawned.pid()));
        List<String> calls = FakeSystemctl.calls(dir.resolve("units"));
        assertTrue(calls.contains("--user start --no-block waiaas.service"), calls.toString());
        assertTrue(calls.contains("--user stop --no-block waiaas.service"), calls.toString());
    }

    @Test
    void aProcessThatIsNotTheUnitsIsSignalledDirectly() {
        DaemonControl control = newControl(Launch.exitsWith(0));
        long pid = startProcess(false);
        assertTrue(control.terminate(pid, PATIENCE));
        assertFalse(
                FakeSystemctl.calls(dir.resolve("units")).stream().anyMatch(c -> c.contains(" stop")),
                "systemctl stop for a process that is not the unit's");
    }

    @Test
    void aHeldStartStartsTheUnitWhenItsPidIsAskedFor() {
        DaemonControl control = newControl(Launch.keepsRunning("listening on 127.0.0.1:3100"));
        DaemonControl.Spawned held = control.spawnHeld();
        assertFalse(FakeSystemctl.calls(dir.resolve("units")).stream().anyMatch(c -> c.contains(" start")));
        long pid = held.pid();
        assertTrue(isAlive(pid));
        held.release();
        assertEquals(pid, held.pid(), "a release starts nothing more");
        assertTrue(control.kill(pid, PATIENCE));
    }

    @Test
    void servesTheDataDirOnlyWhenItsUnitNamesItAndIsEnabledOrActive() throws IOException {
        newControl(Launch.exitsWith(0));
        assertTrue(SystemdDaemonControl.servesDataDir(files.dataDir(), env, dir, true));
        assertFalse(
                SystemdDaemonControl.servesDataDir(files.dataDir(), env, dir, false), "a user unit, not a system one");
        assertFalse(SystemdDaemonControl.servesDataDir(dir.resolve("other"), env, dir, true));
        new SystemdServiceManager(env, dir).uninstall(true);
        assertFalse(SystemdDaemonControl.servesDataDir(files.dataDir(), env, dir, true));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
