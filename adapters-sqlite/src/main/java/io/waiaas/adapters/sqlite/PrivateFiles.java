package io.waiaas.adapters.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** File operations for data only the owner may read: 0700 directories, 0600 files, fsync. */
final class PrivateFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Return the attributes that create a directory readable by its owner only, where the platform has them. */
    static FileAttribute<?>[] directoryAttributes() {
        return posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)}
                : new FileAttribute<?>[0];
    }

    /** Return the attributes that create a file readable by its owner only, where the platform has them. */
    static FileAttribute<?>[] fileAttributes() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Create {@code dir} and its missing parents as 0700 directories. */
    static void createDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, directoryAttributes());
        }
    }

    /** Make {@code file} readable and writable by its owner only. */
    static void restrictFile(Path file) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Make {@code dir} accessible by its owner only. */
    static void restrictDirectory(Path dir) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
    }

    /** Force the content of {@code path} (a file or, on Linux, a directory) to the disk. */
    static void fsync(Path path) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            // Some platforms cannot open directories for syncing; the data files themselves were synced.
            if (Files.isDirectory(path)) {
                return;
            }
            throw e;
        }
        // A failed force is a failed write, of a file or of a directory's entries: never ignored.
        try (channel) {
            IoErrors.at(path, () -> {
                channel.force(true);
                return path;
            });
        }
    }

    /** Delete {@code path} and everything below it, if it exists. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Delete {@code path} and everything below it, ignoring failures: cleanup after an error already reported. */
    static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException | RuntimeException ignored) {
            // The original failure is what the operator needs to see; a leftover temporary dir is ignored by list().
        }
    }
}
