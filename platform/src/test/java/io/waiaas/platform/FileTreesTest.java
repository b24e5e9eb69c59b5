package io.waiaas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void deletesATreeWithItsLinksButNeverWhatTheyPointAt() throws IOException {
        Path outside =
                Files.writeString(Files.createDirectory(dir.resolve("outside")).resolve("keep"), "kept");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file"), "x");
        Files.createSymbolicLink(dir.resolve("tree/a/to-outside-dir"), outside.getParent());
        Files.createSymbolicLink(dir.resolve("tree/to-outside-file"), outside);

        FileTrees.deleteRecursively(dir.resolve("tree"));

        assertFalse(Files.exists(dir.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("kept", Files.readString(outside));
    }

    @Test
    void deletesALinkGivenAsTheTreeAndNotItsTarget() throws IOException {
        Path target = Files.createDirectory(dir.resolve("target"));
        Files.writeString(target.resolve("keep"), "kept");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        FileTrees.deleteRecursively(link);

        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(target.resolve("keep")));
    }

    @Test
    void treatsAMissingPathAsDeleted() throws IOException {
        FileTrees.deleteRecursively(dir.resolve("never-there"));
        FileTrees.deleteQuietly(dir.resolve("never-there"));

        assertFalse(Files.exists(dir.resolve("never-there")));
    }
}
