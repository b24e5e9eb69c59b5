package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.DiskSpace;
import io.waiaas.application.testkit.DiskSpaceContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link DiskSpaceContract} against real directories.
 *
 * <p>A directory is made impossible to write to by putting a file where it should be: the tests run as root, for
 * whom neither file modes nor {@link Files#isWritable} stop a write, while no one can create a file inside a file.
 */
class FileSystemDiskSpaceIT implements DiskSpaceContract {
    @TempDir
    Path dir;

    private Path dataDir;
    private Path database;
    private Path installRoot;
    private Path image;
    private int imageParts;

    @Override
    public DiskSpace newDiskSpace() {
        dataDir = directory("data");
        database = dataDir.resolve("waiaas.db");
        installRoot = directory("versions");
        image = directory("image");
        return new FileSystemDiskSpace(
                dataDir,
                List.of(database, dataDir.resolve("waiaas.db-wal"), dataDir.resolve("config.toml")),
                installRoot,
                Optional.of(image));
    }

    @Override
    public void addData(long bytes) {
        write(database, bytes);
    }

    @Override
    public void growRunningVersion(long bytes) {
        write(directory("image/lib").resolve("part-" + ++imageParts), bytes);
    }

    @Override
    public String blockDataDir() {
        return replaceByAFile(dataDir);
    }

    @Override
    public String blockInstallRoot() {
        return replaceByAFile(installRoot);
    }

    @Test
    void aDataDirNotCreatedYetIsWritableWhenItsParentIs() {
        DiskSpace disk = new FileSystemDiskSpace(
                dir.resolve("not/yet/data"), List.of(), dir.resolve("not/yet/root"), Optional.empty());
        assertEquals(Optional.empty(), disk.unwritable());
    }

    @Test
    void anInstallRootBelowAFileIsNamedByThatFile() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        DiskSpace disk =
                new FileSystemDiskSpace(directory("data"), List.of(), file.resolve("versions"), Optional.empty());
        assertEquals(Optional.of(file.toString()), disk.unwritable());
    }

    @Test
    void theFreeRoomIsThatOfTheFileSystemHoldingEachDir() throws IOException {
        DiskSpace disk = newDiskSpace();
        long total = Files.getFileStore(dir).getTotalSpace();
        assertTrue(disk.backupFree() > 0 && disk.backupFree() <= total, disk.backupFree() + " of " + total);
        assertTrue(disk.installFree() > 0 && disk.installFree() <= total, disk.installFree() + " of " + total);
    }

    @Test
    void theDataABackupCopiesIsTheDatabaseItsWalAndTheConfig() {
        DiskSpace disk = newDiskSpace();
        long empty = disk.backupNeed();
        write(dataDir.resolve("waiaas.db-wal"), MIB);
        write(dataDir.resolve("config.toml"), MIB);
        write(dataDir.resolve("backups").resolve("old-backup.db"), 4 * MIB);
        assertEquals(empty + 2 * MIB, disk.backupNeed());
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, long bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[Math.toIntExact(bytes)], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replaceByAFile(Path directory) {
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
            Files.writeString(directory, "a file where a directory should be");
            return directory.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
