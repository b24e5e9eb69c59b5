package io.waiaas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void createsMissingDirectoriesForTheOwnerAlone() throws IOException {
        Path leaf = dir.resolve("a/b/c");

        PrivateFiles.createDirectories(leaf);

        assertEquals("rwx------", permissions(leaf));
        assertEquals("rwx------", permissions(dir.resolve("a")), "a missing parent");
    }

    @Test
    void leavesAnExistingDirectoryAsItIsWhenOnlyAskedToCreateIt() throws IOException {
        Path existing = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));

        PrivateFiles.createDirectories(existing);

        assertEquals("rwxr-xr-x", permissions(existing));
    }

    @Test
    void narrowsAnExistingDirectoryAndFileThatOthersMayRead() throws IOException {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path log = Files.writeString(logs.resolve("daemon.log"), "kept\n");
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFiles.ensureDirectory(logs);
        PrivateFiles.ensureFile(log);

        assertEquals("rwx------", permissions(logs));
        assertEquals("rw-------", permissions(log));
        assertEquals("kept\n", Files.readString(log), "an existing file keeps its content");
    }

    @Test
    void createsAMissingFileEmptyForTheOwnerAlone() throws IOException {
        Path file = dir.resolve("new.log");

        PrivateFiles.ensureFile(file);

        assertEquals(0, Files.size(file));
        assertEquals("rw-------", permissions(file));
    }

    @Test
    void createsFilesOwnerOnlyThroughTheAttributes() throws IOException {
        Path file = Files.createFile(dir.resolve("made"), PrivateFiles.fileAttributes());
        Path sub = Files.createDirectory(dir.resolve("sub"), PrivateFiles.directoryAttributes());

        assertEquals("rw-------", permissions(file));
        assertEquals("rwx------", permissions(sub));
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
