package io.waiaas.adapters.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.platform.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDK's I/O errors, as each adapter operation meets them, turned into one line naming the file and the cause. */
class IoErrorsTest {
    private static final Path CONTEXT = Path.of("/data/data/waiaas.db");

    static Stream<Arguments> errors() {
        return Stream.of(
                // A channel write or force names no file: the file being worked on is named.
                Arguments.of(new IOException("No space left on device"), "disk full at /data/data/waiaas.db"),
                Arguments.of(
                        new IOException("Input/output error"),
                        "I/O error at /data/data/waiaas.db (the disk or file system reported a fault)"),
                // A copy names its source first: the disk filled up writing its target.
                Arguments.of(
                        new FileSystemException(
                                "/data/data/waiaas.db", "/data/backups/.tmp-1-2/waiaas.db", "No space left on device"),
                        "disk full at /data/backups/.tmp-1-2/waiaas.db"),
                // AccessDeniedException carries no reason: its type is the reason.
                Arguments.of(
                        new AccessDeniedException("/data/backups"), "permission denied on /data/backups (owned by "),
                Arguments.of(
                        new AtomicMoveNotSupportedException(
                                "/data/backups/.tmp-1-2", "/data/backups/manual-1", "Invalid cross-device link"),
                        "cannot move /data/backups/.tmp-1-2 to /data/backups/manual-1: they are on different file systems"),
                Arguments.of(
                        new FileSystemException("/data/backups", null, "Read-only file system"),
                        "read-only file system at /data/backups"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void describesTheFileAndTheCause(IOException error, String expected) {
        String described = SqliteStorageException.reason(error, CONTEXT);
        assertTrue(described.startsWith(expected), described);
    }

    /** The JDK reports a failed copy_file_range as a plain IOException, naming no file (issue 24's sweep). */
    @Test
    void aFailedCopyNamesTheTargetOfAFullDiskAndBothFilesOfAnIoError(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(dir.resolve("a"), "x");
        Path target = dir.resolve("missing/b");
        FileSystemException e = assertThrows(FileSystemException.class, () -> IoErrors.copy(source, target));
        // The missing directory: the JDK names the target itself, and that is passed on.
        assertEquals(target.toString(), e.getFile());
        assertEquals(
                "disk full at /x/b",
                IoErrors.failure(new FileSystemException("/x/b", null, "No space left on device"), CONTEXT)
                        .describe());
        assertEquals(
                "I/O error at /x/a or /x/b (the disk or file system reported a fault)",
                IoErrors.failure(new FileSystemException("/x/a", "/x/b", "Input/output error"), CONTEXT)
                        .describe());
    }

    @Test
    void findsTheIoErrorInsideAFailedListing() {
        // Iterating a DirectoryStream whose readdir fails throws this unchecked wrapper.
        RuntimeException listing =
                new DirectoryIteratorException(new FileSystemException("/data/backups", null, "Input/output error"));
        assertEquals(
                "I/O error at /data/backups (the disk or file system reported a fault)",
                SqliteStorageException.reason(listing, CONTEXT));
        assertEquals(
                "disk full at /data/data/waiaas.db",
                SqliteStorageException.reason(
                        new UncheckedIOException(new IOException("No space left on device")), CONTEXT));
    }

    @Test
    void namesTheFileOfAFailureThatNamedNone() {
        FileSystemException named = assertThrows(
                FileSystemException.class,
                () -> IoErrors.at(CONTEXT, () -> {
                    throw new IOException("Input/output error");
                }));
        assertEquals(CONTEXT.toString(), named.getFile());
        assertEquals("Input/output error", named.getReason());
    }

    @Test
    void aFailureInsideTheMessageOfAnotherIsNeverItsClassName() {
        SqliteStorageException storage = SqliteStorageException.failed(
                "back up", CONTEXT, new DirectoryIteratorException(new AccessDeniedException("/data/backups")));
        assertTrue(
                storage.getMessage()
                        .startsWith("cannot back up /data/data/waiaas.db: permission denied on /data/backups"),
                storage.getMessage());
        assertTrue(!storage.getMessage().contains("Exception"), storage.getMessage());
    }
}
