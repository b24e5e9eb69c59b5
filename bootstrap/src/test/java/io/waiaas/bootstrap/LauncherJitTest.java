package io.waiaas.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher ({@code src/image/waiaas}) gives C1 alone to short commands, and keeps C2 for the commands that hash
 * the whole database: the JDK's SHA-256 uses the CPU's SHA instructions only in C2-compiled code. Run against a
 * stand-in {@code bin/java} that prints the arguments it gets.
 */
class LauncherJitTest {
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    @TempDir
    Path home;

    @ParameterizedTest(name = "waiaas {0}: C1 only {1}")
    @CsvSource({
        "backup create, false",
        "-q backup create --reason manual, false",
        "backup restore latest --yes, false",
        "--data-dir /d db migrate, false",
        "upgrade, false",
        "update --yes, false",
        "upgrade --rollback, false",
        "upgrade --check, true",
        "upgrade --dry-run, true",
        "backup list, true",
        "db status, true",
        "status, true",
        "start -d, true",
        "--version, true",
    })
    void keepsC2OnlyForCommandsThatHashTheDatabase(String command, boolean c1Only) throws Exception {
        List<String> args = jvmArgs(command.split(" "));
        assertEquals(c1Only, args.contains(C1_ONLY), args.toString());
    }

    @ParameterizedTest(name = "waiaas {0}")
    @CsvSource({"start", "--data-dir /d start"})
    void givesTheDaemonC2(String command) throws Exception {
        List<String> args = jvmArgs(command.split(" "));
        assertFalse(args.contains(C1_ONLY), args.toString());
        assertTrue(args.contains("-XX:-AOTReplayTraining"), args.toString());
    }

    /** Run the launcher with {@code command} and return the arguments it passes to {@code bin/java}. */
    private List<String> jvmArgs(String... command) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve("waiaas");
        Files.copy(Path.of("src/image/waiaas"), launcher);
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        for (Path script : List.of(launcher, java)) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        List<String> line = new ArrayList<>(List.of(launcher.toString()));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().remove("WAIAAS_JAVA_OPTS");
        builder.environment().remove("WAIAAS_AOT_TRAINING");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the launcher did not finish");
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }
}
