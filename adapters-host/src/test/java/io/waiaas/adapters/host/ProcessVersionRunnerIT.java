package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.port.out.CommandResult;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.VersionRunner;
import io.waiaas.application.testkit.VersionRunnerContract;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link VersionRunnerContract} against real processes: each installed version is a small bash launcher
 * in {@code versions/X/bin/waiaas} that records its pid before it does its part.
 */
@Timeout(120)
class ProcessVersionRunnerIT implements VersionRunnerContract {
    @TempDir
    Path dir;

    private int installed;

    @Override
    public VersionRunner runner() {
        return new ProcessVersionRunner(dataDirPath());
    }

    @Override
    public String dataDir() {
        return dataDirPath().toString();
    }

    private Path dataDirPath() {
        return dir.resolve("data-dir");
    }

    @Override
    public InstalledVersion printing(String stdout, String stderr, int exit) {
        InstalledVersion version = version();
        Path home = Path.of(version.home());
        write(home.resolve("stdout"), stdout);
        write(home.resolve("stderr"), stderr);
        return launcher(
                version,
                "cat " + quoted(home.resolve("stdout")) + "\ncat " + quoted(home.resolve("stderr")) + " >&2\nexit "
                        + exit);
    }

    @Override
    public InstalledVersion echoingItsArguments() {
        return launcher(version(), "printf '%s\\n' \"$@\"");
    }

    @Override
    public InstalledVersion neverEnding() {
        // exec: the killed process is the one that would run on, as the real launcher execs its JVM.
        return launcher(version(), "exec sleep 300");
    }

    @Override
    public InstalledVersion missing() {
        return version();
    }

    @Override
    public boolean anyStillRunning() {
        Path pids = dir.resolve("pids");
        if (!Files.exists(pids)) {
            return false;
        }
        try {
            return Files.readAllLines(pids, StandardCharsets.US_ASCII).stream()
                    .map(Long::parseLong)
                    .anyMatch(pid ->
                            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theCommandIsToldItsLifelineIsThisProcess() {
        CommandResult result =
                runner().run(launcher(version(), "echo \"$" + Lifeline.ENV + "\"\necho \"$PPID\""), List.of(), AMPLE);
        long self = ProcessHandle.current().pid();
        assertEquals(new CommandResult(0, self + "\n" + self + "\n", ""), result);
    }

    @Test
    void theStandardInputOfTheCommandStaysOpenWhileItRuns() {
        // read -t answers above 128 when it times out on an open pipe, and 1 at the end of the input.
        CommandResult result = runner().run(launcher(version(), """
                read -t 1 line
                answer=$?
                if [ $answer -gt 128 ]; then echo open; else echo "ended: $answer '$line'"; fi"""), List.of(), AMPLE);
        assertEquals(new CommandResult(0, "open\n", ""), result);
    }

    @Test
    void theCommandIsToldNotToNotifyAboutUpdates() {
        CommandResult result =
                runner().run(launcher(version(), "echo \"${WAIAAS_NO_UPDATE_NOTIFY-unset}\""), List.of(), AMPLE);
        assertEquals(new CommandResult(0, "1\n", ""), result);
    }

    @Test
    void startsTheDaemonsOfAVersionFromItsOwnLauncherAsAnUpgradesChild() throws InterruptedException {
        InstalledVersion version = launcher(
                version(), "echo \"$* child=${WAIAAS_UPGRADE_CHILD-unset} notify=${WAIAAS_NO_UPDATE_NOTIFY-unset}\"");
        DaemonControl.Spawned spawned = runner().daemonsOf(version).spawn();
        for (int polls = 0; polls < 300 && spawned.exitCode().isEmpty(); polls++) {
            Thread.sleep(100);
        }
        assertEquals(OptionalInt.of(0), spawned.exitCode(), "the launcher did not exit within 30 s");
        assertEquals(Optional.of("--data-dir " + dataDir() + " start child=1 notify=1"), spawned.lastLogLine());
    }

    private InstalledVersion version() {
        Path home = dir.resolve("versions").resolve("1." + ++installed + ".0");
        return new InstalledVersion(
                Version.of(1, installed, 0),
                home.toString(),
                home.resolve("bin").resolve("waiaas").toString());
    }

    /** Install {@code version}'s launcher as a bash script that records its pid and then runs {@code body}. */
    private InstalledVersion launcher(InstalledVersion version, String body) {
        Path launcher = Path.of(version.launcher());
        write(launcher, "#!/bin/bash\necho $$ >> " + quoted(dir.resolve("pids")) + "\n" + body + "\n");
        try {
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return version;
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
