package io.waiaas.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** Say why a backup was taken; the label starts the backup's id and appears in its manifest (BKUP-02). */
public enum BackupReason {
    /** Taken by {@code waiaas upgrade} before anything changes (UPGR-03). */
    PRE_UPGRADE("pre-upgrade"),
    /** Taken by {@code waiaas backup create}. */
    MANUAL("manual"),
    /** Taken before a migration at start (CMPT-01). */
    PRE_MIGRATION("pre-migration"),
    /** The data a restore or rollback replaced (UPGR-04). */
    PRE_ROLLBACK("pre-rollback"),
    /** Taken by the container's pre-update hook (DOCK-B1). */
    PRE_UPDATE("pre-update");

    private final String label;

    BackupReason(String label) {
        this.label = label;
    }

    /** Return the lower-case label, such as {@code pre-upgrade}. */
    public String label() {
        return label;
    }

    /** Parse a label such as {@code pre-upgrade}, or throw a {@link DomainException} listing the valid ones. */
    public static BackupReason parse(String label) {
        Objects.requireNonNull(label, "label");
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(reason -> reason.label.equals(wanted))
                .findFirst()
                .orElseThrow(() -> DomainException.invalid("unknown backup reason '" + label + "'; use one of: "
                        + Arrays.stream(values()).map(BackupReason::label).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return label;
    }
}
