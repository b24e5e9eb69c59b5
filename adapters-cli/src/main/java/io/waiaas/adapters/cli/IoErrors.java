package io.waiaas.adapters.cli;

import io.waiaas.domain.IoFailure;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Say in one line which file an I/O error happened at and what went wrong there ("disk full at /x/upgrade.journal"),
 * for the CLI's last word on an unexpected failure and for the file adapters wired in bootstrap. The wording is the
 * domain's ({@link IoFailure}); this reads the JDK's exceptions: a {@link FileSystemException} names its file (some
 * subclasses, such as {@link AccessDeniedException}, give no reason but their type), a failed channel write or force
 * names none (then {@code context} is the file).
 */
public final class IoErrors {
    private IoErrors() {}

    /** Return the first I/O error in {@code cause}'s chain (a DirectoryIteratorException or UncheckedIOException holds one). */
    public static Optional<IOException> find(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return Optional.of(io);
            }
        }
        return Optional.empty();
    }

    /** Describe {@code e}, met while working on {@code context}, e.g. "permission denied on /x/daemon.lock (owned by bob)". */
    public static String describe(IOException e, Path context) {
        Objects.requireNonNull(context, "context");
        String path = context.toString();
        Optional<String> target = Optional.empty();
        String reason = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof FileSystemException fs) {
            path = fs.getFile() == null ? path : fs.getFile();
            target = Optional.ofNullable(fs.getOtherFile());
            reason = fs.getReason() != null
                    ? fs.getReason()
                    : e instanceof AccessDeniedException
                            ? "Permission denied"
                            : e instanceof NoSuchFileException ? "No such file or directory" : "";
        }
        IoFailure failure = IoFailure.of(path, target, reason, Optional.empty());
        if (failure instanceof IoFailure.DiskFull && target.isPresent()) {
            failure = new IoFailure.DiskFull(target.get()); // a copy names its source first; the target filled the disk
        }
        if (failure instanceof IoFailure.InputOutput && target.isPresent()) {
            failure =
                    new IoFailure.InputOutput(path + " or " + target.get()); // a copy: reading one or writing the other
        }
        if (failure instanceof IoFailure.PermissionDenied denied) {
            failure = new IoFailure.PermissionDenied(denied.path(), owner(Path.of(denied.path())));
        }
        return failure.describe();
    }

    /** Return the owner of {@code path}, or of its nearest existing parent. */
    private static Optional<String> owner(Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            try {
                return Optional.of(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName());
            } catch (IOException | UnsupportedOperationException e) {
                // not there, or no owners on this platform: ask the parent
            }
        }
        return Optional.empty();
    }
}
