package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.UpgradeStarter;
import io.waiaas.application.testkit.UpgradeStarterContract;
import io.waiaas.domain.Version;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link UpgradeStarterContract} against real processes: a stand-in launcher records the command line it
 * was given and waits until the test lets it end (at most a minute).
 */
class ProcessUpgradeStarterIT implements UpgradeStarterContract {
    private static final String LAUNCHER = """
            #!/bin/sh
            dir="$2"
            echo "$*" >> "$dir/begun"
            echo "notify=${WAIAAS_NO_UPDATE_NOTIFY:-} child=${WAIAAS_UPGRADE_CHILD:-}" > "$dir/env"
            ps -o sid= -p $$ | tr -d ' ' > "$dir/sid"
            echo "upgrade output"
            i=0
            while [ ! -e "$dir/end" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
            """;

    @TempDir
    Path dataDir;

    @TempDir
    Path bin;

    @Override
    public UpgradeStarter newStarter() {
        try {
            Path launcher = bin.resolve("waiaas");
            Files.writeString(launcher, LAUNCHER);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
            return new ProcessUpgradeStarter(dataDir, List.of(launcher.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Version> begun(int count) {
        Path begun = dataDir.resolve("begun");
        try {
            for (int i = 0; i < 200; i++) {
                if (Files.exists(begun) && Files.readAllLines(begun).size() >= count) {
                    return Files.readAllLines(begun).stream()
                            .map(line -> line.split(" "))
                            .peek(args -> assertEquals(
                                    List.of("--data-dir", dataDir.toString(), "upgrade", "--to"),
                                    List.of(args).subList(0, 4)))
                            .peek(args -> assertEquals(
                                    List.of("--yes", "--json"), List.of(args).subList(5, 7)))
                            .map(args -> Version.parse(args[4]))
                            .toList();
                }
                Thread.sleep(50);
            }
            return List.of(); // too few began: the contract says which
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void letUpgradesEnd() {
        try {
            Files.createFile(dataDir.resolve("end"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theUpgradeRunsInASessionOfItsOwnAndWritesItsOutputToAnOwnerOnlyLog() throws Exception {
        UpgradeStarter starter = newStarter();
        try {
            starter.start(Version.parse("1.4.3"));
            begun(1);
            Path sid = dataDir.resolve("sid");
            for (int i = 0;
                    i < 200 && (!Files.exists(sid) || Files.readString(sid).isBlank());
                    i++) {
                Thread.sleep(50);
            }
            String ours = new String(new ProcessBuilder(
                                    "ps",
                                    "-o",
                                    "sid=",
                                    "-p",
                                    Long.toString(ProcessHandle.current().pid()))
                            .start()
                            .getInputStream()
                            .readAllBytes())
                    .strip();
            assertNotEquals(ours, Files.readString(sid).strip(), "the upgrade must not share the daemon's session");
            assertEquals(
                    "notify=1 child=", Files.readString(dataDir.resolve("env")).strip());
            Path log = Layout.autoUpgradeLog(dataDir);
            assertEquals(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(log));
            for (int i = 0; i < 200 && !Files.readString(log).contains("upgrade output"); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(log).contains("upgrade output"), Files.readString(log));
        } finally {
            letUpgradesEnd();
        }
    }
}
