package io.waiaas.bootstrap.upgrade;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Say in one line what an I/O error did to which file, without the Java exception's class name. */
final class Problems {
    private Problems() {}

    /** Describe {@code e}, met on {@code file}: "disk full at …", "permission denied on …", "I/O error at …". */
    static String describe(Path file, IOException e) {
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        String text = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (text.contains("no space left")) {
            return "disk full at " + file;
        }
        if (e instanceof AccessDeniedException || text.contains("permission denied")) {
            return "permission denied on " + file;
        }
        if (text.contains("read-only file system")) {
            return file + " is on a read-only file system";
        }
        if (e instanceof NoSuchFileException) {
            return file + " does not exist";
        }
        if (text.contains("input/output error")) {
            return "I/O error at " + file;
        }
        return reason == null ? "cannot use " + file : reason + " at " + file;
    }
}
