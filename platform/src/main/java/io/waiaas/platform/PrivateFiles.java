package io.waiaas.platform;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Create and narrow files only their owner may read: directories 0700, files 0600. The data dir holds the database,
 * its backups and the daemon's log, and may sit where others can look; on a file system without POSIX permissions
 * these do what the platform allows and nothing more.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Return the attributes that create a directory readable by its owner only, where the platform has them. */
    public static FileAttribute<?>[] directoryAttributes() {
        return posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)}
                : new FileAttribute<?>[0];
    }

    /** Return the attributes that create a file readable by its owner only, where the platform has them. */
    public static FileAttribute<?>[] fileAttributes() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /**
     * Create {@code dir} and its missing parents as 0700 directories, {@code dir} itself exactly 0700 whatever the
     * umask; an existing {@code dir} is left as it is.
     */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            restrictDirectory(dir); // the umask may have narrowed the mode given at creation: set it exactly
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Create {@code dir} (as {@link #createDirectories}) when missing, and narrow it to 0700 when it is not. */
    public static void ensureDirectory(Path dir) throws IOException {
        createDirectories(dir);
        restrictDirectory(dir);
    }

    /** Create {@code file} empty as 0600 when missing, and narrow it to 0600 when it is not. */
    public static void ensureFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            if (posix(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        }
        restrictFile(file);
    }

    /** Make {@code file} readable and writable by its owner only. */
    public static void restrictFile(Path file) throws IOException {
        if (posix(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Make {@code dir} accessible by its owner only. */
    public static void restrictDirectory(Path dir) throws IOException {
        if (posix(dir)) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
    }
}
