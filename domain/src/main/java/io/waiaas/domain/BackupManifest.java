package io.waiaas.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Describe one complete backup (BKUP-02): what it holds, why and when it was taken, and the checksums that prove
 * it intact.
 *
 * @param id the backup's name
 * @param reason why it was taken
 * @param appVersion the waiaas version whose data it holds
 * @param schemaVersion the database's schema version, empty when there was no database yet
 * @param createdAt when it was taken
 * @param files every file in the backup besides the manifest
 */
public record BackupManifest(
        BackupId id,
        BackupReason reason,
        Version appVersion,
        Optional<SchemaVersion> schemaVersion,
        Instant createdAt,
        List<BackupFile> files) {

    /** Order backups newest first by creation time, then by id, never by name alone (UPGR-06). */
    public static final Comparator<BackupManifest> NEWEST_FIRST = Comparator.comparing(BackupManifest::createdAt)
            .reversed()
            .thenComparing(BackupManifest::id, Comparator.reverseOrder());

    public BackupManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        files = List.copyOf(files);
        if (files.stream().map(BackupFile::name).distinct().count() != files.size()) {
            throw DomainException.invalid("backup " + id + " lists a file twice");
        }
    }

    /** Return the file called {@code name}, or empty. */
    public Optional<BackupFile> file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Return the total size of the backup's files in bytes. */
    public long size() {
        return files.stream().mapToLong(BackupFile::size).sum();
    }
}
