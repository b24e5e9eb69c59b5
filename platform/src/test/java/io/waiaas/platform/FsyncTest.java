package io.waiaas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsyncTest {
    @TempDir
    Path dir;

    @Test
    void forcesAFileAndADirectoryWithoutChangingThem() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "content");

        Fsync.force(file);
        Fsync.force(dir);

        assertEquals("content", Files.readString(file));
    }

    @Test
    void reportsAFileThatIsNotThere() {
        assertThrows(NoSuchFileException.class, () -> Fsync.force(dir.resolve("missing")));
    }
}
