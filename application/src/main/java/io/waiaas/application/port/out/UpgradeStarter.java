package io.waiaas.application.port.out;

import io.waiaas.domain.Version;

/**
 * Start {@code waiaas upgrade --to V --yes} as a process of its own, for an unattended update: the daemon that starts
 * it is stopped by it (step 2), so it must not end with the daemon.
 */
public interface UpgradeStarter {

    /**
     * Start the upgrade to {@code target} and return at once, without waiting for it.
     *
     * @throws io.waiaas.application.ApplicationException when it cannot be started
     */
    void start(Version target);
}
