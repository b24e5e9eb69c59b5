package io.waiaas.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    @TempDir
    Path temp;

    @Test
    void prefersTheCommandLineOptionOverTheEnvironmentAndTheHome() {
        Path chosen = DataDir.resolve(
                Optional.of(temp.resolve("cli")),
                Map.of("WAIAAS_DATA_DIR", temp.resolve("env").toString()),
                temp.resolve("home"));

        assertEquals(temp.resolve("cli"), chosen);
    }

    @Test
    void prefersTheEnvironmentOverTheHome() {
        Path chosen = DataDir.resolve(
                Optional.empty(), Map.of("WAIAAS_DATA_DIR", temp.resolve("env").toString()), temp.resolve("home"));

        assertEquals(temp.resolve("env"), chosen);
    }

    @Test
    void fallsBackToDotWaiaasInTheHome() {
        assertEquals(temp.resolve("home/.waiaas"), DataDir.resolve(Optional.empty(), Map.of(), temp.resolve("home")));
    }

    @Test
    void treatsAnEmptyEnvironmentVariableAsNotSet() {
        Path chosen = DataDir.resolve(Optional.empty(), Map.of("WAIAAS_DATA_DIR", ""), temp.resolve("home"));

        assertEquals(temp.resolve("home/.waiaas"), chosen);
    }

    @Test
    void makesARelativeChoiceAbsoluteAndNormal() {
        Path chosen = DataDir.resolve(Optional.of(Path.of("some/./dir/../data")), Map.of(), temp);

        assertTrue(chosen.isAbsolute());
        assertEquals(Path.of("some/data").toAbsolutePath(), chosen);
    }

    @Test
    void createsAMissingDataDirAndItsParentsReadableByTheOwnerOnly() throws IOException {
        assumePosix();
        Path dataDir = temp.resolve("a/b/.waiaas");

        assertEquals(dataDir, DataDir.ensure(dataDir));

        assertTrue(Files.isDirectory(dataDir));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
    }

    @Test
    void leavesAnExistingDataDirAsItIs() throws IOException {
        assumePosix();
        Path dataDir = Files.createDirectory(
                temp.resolve("existing"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\n");

        DataDir.ensure(dataDir);

        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
        assertTrue(Files.exists(dataDir.resolve("config.toml")));
    }

    @Test
    void refusesADataDirThatIsAFile() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");

        ConfigException refusal = assertThrows(ConfigException.class, () -> DataDir.ensure(file));

        assertEquals(
                "data dir " + file + " exists but is not a directory; name a directory with --data-dir or"
                        + " WAIAAS_DATA_DIR",
                refusal.getMessage());
        ConfigException loading = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(refusal.getMessage(), loading.getMessage(), "not blamed on its config.toml");
    }

    @Test
    void refusesADataDirBelowAFileNamingTheFile() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");

        ConfigException refusal = assertThrows(ConfigException.class, () -> DataDir.ensure(file.resolve("sub")));

        assertTrue(refusal.getMessage().startsWith("data dir " + file.resolve("sub")), refusal.getMessage());
        ConfigFileTest.assertOneLine(refusal.getMessage());
    }

    private void assumePosix() {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    }
}
