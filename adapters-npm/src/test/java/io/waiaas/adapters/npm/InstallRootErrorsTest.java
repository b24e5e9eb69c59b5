package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.platform.IoErrors;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The install root's failures name the file and the cause in the domain's words, never the JDK's exception text. */
class InstallRootErrorsTest {
    private static final Path ROOT = Path.of("/x/runtime");

    /**
     * A listing of versions/ that fails part-way throws an unchecked DirectoryIteratorException, which reached the
     * operator as "java.nio.file.FileSystemException: /x/runtime/versions: Input/output error" (issue 24).
     */
    @Test
    void aListingThatFailsPartWayIsAnIoErrorAtTheDirectory() {
        DirectoryIteratorException listing = new DirectoryIteratorException(
                new FileSystemException("/x/runtime/versions", null, "Input/output error"));
        assertEquals(
                "I/O error at /x/runtime/versions (the disk or file system reported a fault)",
                IoErrors.describe(listing, ROOT));
    }

    @Test
    void aSwitchAcrossFileSystemsNamesBothFiles() {
        IOException rename = new AtomicMoveNotSupportedException(
                "/x/runtime/current.tmp", "/x/runtime/current", "Invalid cross-device link");
        assertEquals(
                "cannot move /x/runtime/current.tmp to /x/runtime/current: they are on different file systems",
                IoErrors.describe(rename, ROOT));
    }

    @Test
    void aWriteThatNamesNoFileIsNamedByWhatWasWritten() {
        assertEquals(
                "disk full at /x/runtime/.staging-1.2.3/package.tgz",
                IoErrors.describe(
                        new IOException("No space left on device"), Path.of("/x/runtime/.staging-1.2.3/package.tgz")));
    }
}
