package io.waiaas.application.port.in;

import io.waiaas.domain.Version;
import java.util.Optional;

/** Decide whether a CLI command shows the update notice (VCHK-05, VCHK-06). */
public interface NotifyUpdates {

    /**
     * Return the newer release to announce now, recording that it was announced, or empty when nothing is due.
     * Never throws and never waits long: a daemon that does not answer is treated as absent.
     */
    Optional<Version> dueNotice();

    /** Return the version of this build, as the notice shows it. */
    Version current();
}
