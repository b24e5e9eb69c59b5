package io.waiaas.application.port.in;

import io.waiaas.domain.Version;
import java.util.Optional;

/** Learn which release is the newest on the followed channel, store it and announce it once (VCHK-01, VCHK-B1/B2). */
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

    /**
     * Resolve the upgrade target and compare it with the running version, for {@code waiaas upgrade --check}
     * (UPGR-01); store nothing and announce nothing.
     *
     * @param to the {@code --to} argument (an exact version, an npm range or a dist-tag), or empty for the
     *     followed channel's dist-tag
     * @throws io.waiaas.domain.DomainException with exit code 2 when {@code to} is not valid input, before any
     *     registry request
     * @throws io.waiaas.domain.WaiaasException with exit code 1 when the registry cannot be asked or has no
     *     matching version
     */
    TargetCheck checkTarget(Optional<String> to);

    /**
     * Return the one-line note {@code waiaas upgrade --to X.Y.Z} shows when the exact version it names is one the
     * cooldown ({@code [update] min_release_age}) would hold back, and is installed anyway because it is named
     * exactly (TRST-03); empty otherwise, for a range or a tag, or when the registry cannot be asked.
     */
    default Optional<String> exactTargetNote(String to) {
        return Optional.empty();
    }
}
