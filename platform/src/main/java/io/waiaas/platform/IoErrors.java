package io.waiaas.platform;

import io.waiaas.domain.IoFailure;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Turn the JDK's I/O errors into the domain's {@link IoFailure}: the file it happened at and what went wrong there
 * ("disk full at /x/upgrade.journal", "permission denied on /x/daemon.lock (owned by bob)"). The wording is the
 * domain's; this reads the JDK's exceptions. A {@link FileSystemException} names its file (but some subclasses, such
 * as {@link AccessDeniedException}, give no reason but their type); a failed channel write or force names none, and
 * the caller names the file then. One reading for every adapter and the CLI's last word on an unexpected failure.
 */
public final class IoErrors {
    private IoErrors() {}

    /** One step of file work on a known file. */
    @FunctionalInterface
    public interface FileWork<T> {
        /** Do the work. */
        T run() throws IOException;
    }

    /** Run {@code work} on {@code file}; an I/O error that names no file is thrown again naming {@code file}. */
    public static <T> T at(Path file, FileWork<T> work) throws IOException {
        try {
            return work.run();
        } catch (IOException e) {
            throw naming(file, e);
        }
    }

    /** Return {@code e}, thrown by work on {@code file}, naming {@code file} if it names no file. */
    public static IOException naming(Path file, IOException e) {
        if (e instanceof FileSystemException) {
            return e;
        }
        FileSystemException named = new FileSystemException(file.toString(), null, e.getMessage());
        named.initCause(e);
        return named;
    }

    /**
     * Copy {@code source} to {@code target}, naming both files in a failure: the JDK names at most the source, and
     * the kernel's copy reads one and writes the other. A full disk is the target's (writing fills a disk).
     */
    public static void copy(Path source, Path target, CopyOption... options) throws IOException {
        try {
            Files.copy(source, target, options);
        } catch (IOException e) {
            throw copyFailed(source, target, e);
        }
    }

    /** Return {@code e}, thrown by copying {@code source} to {@code target}, naming both files as {@link #copy} does. */
    public static IOException copyFailed(Path source, Path target, IOException e) {
        if (e instanceof FileSystemException fs) {
            return fs.getOtherFile() != null || fs.getReason() == null ? fs : named(source, target, fs.getReason(), fs);
        }
        return named(source, target, e.getMessage() == null ? "" : e.getMessage(), e);
    }

    private static FileSystemException named(Path source, Path target, String reason, IOException cause) {
        boolean full = IoFailure.of(source.toString(), Optional.empty(), reason, Optional.empty())
                instanceof IoFailure.DiskFull;
        FileSystemException named = full
                ? new FileSystemException(target.toString(), null, reason)
                : new FileSystemException(source.toString(), target.toString(), reason);
        named.initCause(cause);
        return named;
    }

    /** Return the first I/O error in {@code cause}'s chain (a DirectoryIteratorException or UncheckedIOException holds one). */
    public static Optional<IOException> find(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return Optional.of(io);
            }
        }
        return Optional.empty();
    }

    /** Classify {@code e}, which happened while working on {@code context} (the file named when {@code e} names none). */
    public static IoFailure failure(IOException e, Path context) {
        Objects.requireNonNull(context, "context");
        String path = context.toString();
        Optional<String> target = Optional.empty();
        String reason = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof FileSystemException fs) {
            path = fs.getFile() == null ? path : fs.getFile();
            target = Optional.ofNullable(fs.getOtherFile());
            reason = fs.getReason() == null ? reasonOf(fs) : fs.getReason();
        }
        IoFailure failure = IoFailure.of(path, target, reason, Optional.empty());
        if (failure instanceof IoFailure.DiskFull && target.isPresent()) {
            // A copy names its source first; what fills the disk is writing the target.
            return new IoFailure.DiskFull(target.get());
        }
        if (failure instanceof IoFailure.InputOutput && target.isPresent()) {
            // A copy: the fault was in reading the one or in writing the other.
            return new IoFailure.InputOutput(path + " or " + target.get());
        }
        if (failure instanceof IoFailure.PermissionDenied denied) {
            return new IoFailure.PermissionDenied(denied.path(), owner(Path.of(denied.path())));
        }
        return failure;
    }

    /** Describe {@code e}, met while working on {@code context}, in one line: {@link #failure}'s description. */
    public static String describe(IOException e, Path context) {
        return failure(e, context).describe();
    }

    /**
     * Describe the I/O error in {@code failure}'s chain, met while working on {@code context}, or, when there is
     * none, {@code failure}'s own message.
     */
    public static String describe(Exception failure, Path context) {
        return find(failure).map(e -> describe(e, context)).orElseGet(() -> String.valueOf(failure.getMessage()));
    }

    private static String reasonOf(FileSystemException e) {
        return switch (e) {
            case AccessDeniedException denied -> "Permission denied";
            case NoSuchFileException missing -> "No such file or directory";
            case FileAlreadyExistsException exists -> "File exists";
            case DirectoryNotEmptyException notEmpty -> "Directory not empty";
            case NotDirectoryException notDirectory -> "Not a directory";
            default -> "";
        };
    }

    /** Return the owner of {@code path}, or of its nearest existing parent. */
    private static Optional<String> owner(Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            try {
                return Optional.of(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName());
            } catch (IOException | UnsupportedOperationException e) {
                // not there (or no owners on this platform): ask the parent
            }
        }
        return Optional.empty();
    }
}
