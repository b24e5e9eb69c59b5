package io.waiaas.application.port.out;

import io.waiaas.domain.Version;
import java.util.Optional;

/** Read the newest release the daemon's last version check stored, without starting or changing anything. */
public interface StoredRelease {

    /** Return the stored latest release, or empty when there is none or it cannot be read. */
    Optional<Version> latest();
}
