package io.waiaas.application.port.in;

import io.waiaas.application.CheckResult;
import io.waiaas.domain.Version;
import java.util.Optional;

/** Learn which release is the newest on the followed channel, store it and announce it once (SPEC VCHK). */
public interface CheckForUpdates {

    /**
     * Ask the registry now, store the answer and announce a newer release once; never throw.
     *
     * <p>Fail-soft (VCHK-02): every failure is returned as {@link CheckResult.Failed} and the values stored
     * before stay.
     */
    CheckResult checkNow();

    /** Load the newest release stored by an earlier check into memory, for {@code /health}; never throw. */
    Optional<Version> loadStored();
}
