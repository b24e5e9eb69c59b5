package io.waiaas.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Describe one file inside a backup, as its manifest records it.
 *
 * @param name the plain file name, such as {@code waiaas.db} or {@code config.toml}
 * @param size the size in bytes
 * @param sha256 the SHA-256 of the content, 64 lower-case hex digits
 */
public record BackupFile(String name, long size, String sha256) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public BackupFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw DomainException.invalid("not a backup file name: '" + name + "'");
        }
        if (size < 0) {
            throw DomainException.invalid("backup file " + name + " has a negative size");
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw DomainException.invalid("backup file " + name + " has no valid SHA-256");
        }
    }
}
