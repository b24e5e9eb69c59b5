package io.waiaas.application.port.out;

import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;

/** Read the newest release the daemon's last version check stored, without starting or changing anything. */
public interface StoredRelease {

    /**
     * The {@code key_value_store} row that holds the newest version the daemon's check found, as text (VCHK-01): the
     * check writes it through {@link KeyValueStore}, and this port reads it.
     */
    String LATEST_KEY = "version_check_latest";

    /** The row holding when the last successful check ran, as epoch seconds in text (VCHK-01). */
    String CHECKED_AT_KEY = "version_check_checked_at";

    /** The row holding why the last failed check failed, one line without secrets. */
    String ERROR_KEY = "version_check_error";

    /** The row holding when the last failed check failed, as epoch seconds in text. */
    String FAILED_AT_KEY = "version_check_failed_at";

    /**
     * The row holding what the last check found wrong with the registry's metadata (TRST-01..TRST-04): a rollback, a
     * removed version, publication time going back, metadata older than {@code max_metadata_age}, the installed
     * version deprecated; one finding a line, empty when none.
     */
    String WARNINGS_KEY = "registry_warnings";

    /** Return the stored latest release, or empty when there is none or it cannot be read. */
    Optional<Version> latest();

    /**
     * Return why the last check failed and when, or empty when no check failed since the last one that succeeded
     * (see {@link CheckFailure#fromRows}), or nothing can be read.
     */
    Optional<CheckFailure> lastFailure();

    /**
     * Return what the last check found wrong with the registry's metadata, one line each (see {@link #WARNINGS_KEY}),
     * or none when nothing, nothing is stored or it cannot be read.
     */
    List<String> warnings();

    /** Return the findings a {@link #WARNINGS_KEY} row holds: its non-blank lines, stripped. */
    static List<String> warningsOf(Optional<String> row) {
        return row.stream()
                .flatMap(String::lines)
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }
}
