package io.waiaas.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Force what was written to the disk: a file's content, or a directory's entries after a create or a rename. */
public final class Fsync {
    private Fsync() {}

    /**
     * Force the content of {@code path} (a file or, on Linux, a directory) to the disk.
     *
     * @throws IOException when the file cannot be opened, or the force fails (a failed force is a failed write and
     *     is never ignored; the exception names {@code path}); a directory that this platform cannot open for syncing is skipped
     */
    public static void force(Path path) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            // Some platforms cannot open directories for syncing; the files in them were synced on their own.
            if (Files.isDirectory(path)) {
                return;
            }
            throw e;
        }
        // A failed force is a failed write, of a file or of a directory's entries: never ignored, and named, since the
        // JDK's exception for it names no file.
        try (channel) {
            IoErrors.at(path, () -> {
                channel.force(true);
                return path;
            });
        }
    }
}
