package io.waiaas.application.port.out;

import io.waiaas.domain.Version;
import java.util.Optional;

/** Read the newest release the daemon's last version check stored, without starting or changing anything. */
public interface StoredRelease {

    /**
     * The {@code key_value_store} row that holds the newest version the daemon's check found, as text (VCHK-01): the
     * check writes it through {@link KeyValueStore}, and this port reads it.
     */
    String LATEST_KEY = "version_check_latest";

    /** Return the stored latest release, or empty when there is none or it cannot be read. */
    Optional<Version> latest();
}
