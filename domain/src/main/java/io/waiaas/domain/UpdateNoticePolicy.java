package io.waiaas.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decide whether the CLI shows the update notice now (VCHK-05, VCHK-06).
 *
 * <p>A notice is due when a newer release is known and it was not shown in the last 24 hours for the same
 * version; a release newer than the one last shown is due at once.
 */
public final class UpdateNoticePolicy {
    /** How long the same version's notice stays quiet after it was shown. */
    public static final Duration QUIET_PERIOD = Duration.ofHours(24);

    private UpdateNoticePolicy() {}

    /** Remember which version's notice was shown, and when. */
    public record Shown(Version version, Instant at) {
        public Shown {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Tell whether to show that {@code latest} is available to an operator running {@code current}, given the
     * notice last shown (if any) and the time {@code now}.
     */
    public static boolean isDue(Version current, Version latest, Optional<Shown> lastShown, Instant now) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(lastShown, "lastShown");
        Objects.requireNonNull(now, "now");
        if (latest.compareTo(current) <= 0) {
            return false;
        }
        if (lastShown.isEmpty()) {
            return true;
        }
        Shown shown = lastShown.get();
        if (latest.compareTo(shown.version()) > 0) {
            return true;
        }
        // A clock that went backwards must not silence the notice for ever.
        Duration since = Duration.between(shown.at(), now);
        return since.isNegative() || since.compareTo(QUIET_PERIOD) >= 0;
    }
}
