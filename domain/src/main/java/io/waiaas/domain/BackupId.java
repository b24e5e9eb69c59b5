package io.waiaas.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Name one backup: {@code {reason}-{fromVersion}-{yyyyMMddHHmmss UTC}}, with {@code -2}, {@code -3}, ... appended
 * when two are taken in the same second. Safe to use as a single directory name.
 */
public record BackupId(String value) implements Comparable<BackupId> {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]{0,199}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    public BackupId {
        Objects.requireNonNull(value, "value");
        if (!SAFE.matcher(value).matches() || value.contains("..")) {
            throw DomainException.invalid("not a backup id: '" + value + "'");
        }
    }

    /** Parse {@code value} as a backup id, or throw a {@link DomainException} naming it. */
    public static BackupId of(String value) {
        return new BackupId(value);
    }

    /** Name the backup taken for {@code reason} of data written by {@code fromVersion} at {@code createdAt}. */
    public static BackupId of(BackupReason reason, Version fromVersion, Instant createdAt) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fromVersion, "fromVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        return new BackupId(reason.label() + "-" + fromVersion + "-" + STAMP.format(createdAt));
    }

    /** Return this id with sequence number {@code n} (2 or more) appended, for a second backup in one second. */
    public BackupId withSequence(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("sequence starts at 2, was " + n);
        }
        return new BackupId(value + "-" + n);
    }

    @Override
    public int compareTo(BackupId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
