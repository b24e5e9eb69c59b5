package io.waiaas.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Describe a failed file operation for an operator, in a few words naming the file and the cause: "disk full at
 * /x/backups/...", "I/O error at /x/data/waiaas.db", "permission denied on /x/data (owned by alice)". Adapters turn the
 * platform's error into one of these with {@link #of}; the wording is decided here, once, for every adapter.
 */
public sealed interface IoFailure {
    /** Return the file (or directory) the failure happened at. */
    String path();

    /** Return the one-line description, e.g. "disk full at /x/data/waiaas.db". */
    String describe();

    /** The file system has no room left (ENOSPC, EDQUOT). */
    record DiskFull(String path) implements IoFailure {
        public DiskFull {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "disk full at " + path;
        }
    }

    /** The device or file system reported a fault (EIO). */
    record InputOutput(String path) implements IoFailure {
        public InputOutput {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "I/O error at " + path + " (the disk or file system reported a fault)";
        }
    }

    /** The process may not do this to the file (EACCES, EPERM); {@code owner} says whose it is, where known. */
    record PermissionDenied(String path, Optional<String> owner) implements IoFailure {
        public PermissionDenied {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public String describe() {
            return "permission denied on " + path
                    + owner.map(o -> " (owned by " + o + ")").orElse("");
        }
    }

    /** The file system is mounted read-only (EROFS). */
    record ReadOnly(String path) implements IoFailure {
        public ReadOnly {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "read-only file system at " + path;
        }
    }

    /** A rename between two file systems (EXDEV): {@code path} cannot be moved to {@code target} in one step. */
    record CrossDevice(String path, String target) implements IoFailure {
        public CrossDevice {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String describe() {
            return "cannot move " + path + " to " + target + ": they are on different file systems";
        }
    }

    /** The file or a directory above it does not exist (ENOENT). */
    record Missing(String path) implements IoFailure {
        public Missing {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return path + " does not exist";
        }
    }

    /** Any other failure: the platform's reason, at the file. */
    record Other(String path, String reason) implements IoFailure {
        public Other {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String describe() {
            return reason + " at " + path;
        }
    }

    /**
     * Classify a failure by the platform's reason text (strerror, as the JDK reports it: "No space left on device",
     * "Input/output error", "Permission denied", "Invalid cross-device link", ...).
     *
     * @param path the file the operation failed at
     * @param target the second file of a two-file operation (a rename), if any
     * @param reason the platform's reason; blank when it gave none
     * @param owner who owns {@code path} (or its nearest existing parent), if known
     */
    static IoFailure of(String path, Optional<String> target, String reason, Optional<String> owner) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(owner, "owner");
        String r = reason.strip().toLowerCase(Locale.ROOT);
        if (r.contains("no space left") || r.contains("disk quota exceeded") || r.contains("file too large")) {
            return new DiskFull(path);
        }
        if (r.contains("input/output error") || r.equals("i/o error")) {
            return new InputOutput(path);
        }
        if (r.contains("permission denied") || r.contains("operation not permitted") || r.equals("access denied")) {
            return new PermissionDenied(path, owner);
        }
        if (r.contains("read-only file system")) {
            return new ReadOnly(path);
        }
        if (r.contains("cross-device")) {
            return new CrossDevice(path, target.orElse("its new name"));
        }
        if (r.contains("no such file or directory")) {
            return new Missing(path);
        }
        return new Other(path, reason.isBlank() ? "cannot access the file" : reason.strip());
    }
}
