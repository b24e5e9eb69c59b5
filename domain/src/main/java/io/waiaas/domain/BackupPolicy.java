package io.waiaas.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Decide which backups to keep: the {@code keep} newest of each reason by creation time (UPGR-06, {@code [backup]
 * keep}).
 *
 * @param keep how many backups of each reason survive, 1 or more
 */
public record BackupPolicy(int keep) {

    public BackupPolicy {
        if (keep < 1) {
            throw DomainException.invalid("backup keep must be 1 or more, was " + keep);
        }
    }

    /** Create the policy that keeps the {@code keep} newest backups of each reason. */
    public static BackupPolicy keepNewest(int keep) {
        return new BackupPolicy(keep);
    }

    /** Return the backups this policy no longer keeps, oldest last within each reason. */
    public List<BackupManifest> expired(Collection<BackupManifest> backups) {
        Objects.requireNonNull(backups, "backups");
        Map<BackupReason, List<BackupManifest>> byReason =
                backups.stream().collect(Collectors.groupingBy(BackupManifest::reason));
        return byReason.values().stream()
                .flatMap(ofReason ->
                        ofReason.stream().sorted(BackupManifest.NEWEST_FIRST).skip(keep))
                .sorted(BackupManifest.NEWEST_FIRST)
                .toList();
    }
}
