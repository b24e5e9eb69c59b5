package io.waiaas.application.port.out;

import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.Version;
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

    /** Return the stored latest release, or empty when there is none or it cannot be read. */
    Optional<Version> latest();

    /**
     * Return why the last check failed and when, or empty when no check failed since the last one that succeeded
     * (see {@link CheckFailure#fromRows}), or nothing can be read.
     */
    Optional<CheckFailure> lastFailure();
}
