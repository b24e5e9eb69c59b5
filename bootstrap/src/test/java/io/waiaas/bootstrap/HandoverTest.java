package io.waiaas.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which launcher a command is handed over to, on real folders and links as an upgrade leaves them. */
class HandoverTest {
    @TempDir
    Path tmp;

    private Path leftBehind;
    private Path installRoot;

    /** A fresh unpack the first upgrade adopted, and an install root whose bin/waiaas runs another version. */
    @BeforeEach
    void setUp() throws IOException {
        leftBehind = image(tmp.resolve("unpacked"));
        installRoot = tmp.resolve("runtime");
        Path current = image(installRoot.resolve("versions/0.1.1"));
        Files.createSymbolicLink(installRoot.resolve("current"), current);
        Files.createDirectories(installRoot.resolve("bin"));
        Files.createSymbolicLink(installRoot.resolve("bin/waiaas"), installRoot.resolve("current/bin/waiaas"));
    }

    @Test
    void aLauncherLeftBehindHandsOverToTheInstallRootsLauncher() {
        assertEquals(
                Optional.of(installRoot.resolve("bin/waiaas")),
                Handover.target(Optional.of(leftBehind), installRoot, Map.of()));
    }

    @Test
    void theCurrentVersionsOwnLauncherRunsTheCommandItself() {
        assertEquals(
                Optional.empty(),
                Handover.target(Optional.of(installRoot.resolve("versions/0.1.1")), installRoot, Map.of()));
    }

    @Test
    void neverInAContainerAProcessAnUpgradeStartedATrainingOrOneHandedOverAlready() {
        for (Map<String, String> env : List.of(
                Map.of("WAIAAS_IN_CONTAINER", "1"),
                Map.of("WAIAAS_UPGRADE_CHILD", "1"),
                Map.of("WAIAAS_LIFELINE", "3"),
                Map.of(Handover.TRAINING, "cli"),
                Map.of(Handover.FROM, leftBehind.resolve("bin/waiaas").toString()))) {
            assertEquals(Optional.empty(), Handover.target(Optional.of(leftBehind), installRoot, env), env.toString());
        }
    }

    @Test
    void noInstallRootLauncherNoHandover() {
        assertEquals(
                Optional.empty(), Handover.target(Optional.of(leftBehind), tmp.resolve("npm-kept-only"), Map.of()));
    }

    private static Path image(Path dir) throws IOException {
        Path launcher = Files.createDirectories(dir.resolve("bin")).resolve("waiaas");
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
