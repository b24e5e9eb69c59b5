package io.waiaas.application.port.in;

import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;

/** Decide whether a CLI command shows the update notice (VCHK-05, VCHK-06). */
public interface NotifyUpdates {

    /**
     * Return the newer release to announce now, recording that it was announced, or empty when nothing is due.
     * Never throws and never waits long: a daemon that does not answer is treated as absent.
     */
    Optional<Version> dueNotice();

    /**
     * Return what the daemon's last version check found wrong with the registry's metadata, one line each, shown
     * beside the notice (TRST-01..TRST-04): a rollback, a removed version, frozen metadata, this version deprecated.
     * Never throws; none when nothing is known.
     */
    default List<String> warnings() {
        return List.of();
    }

    /** Return the version of this build, as the notice shows it. */
    Version current();
}
