package io.waiaas.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Say when the daemon's version check last ran and whether it found a release (VCHK-01, VCHK-02).
 *
 * @param at when that check ended
 * @param result whether it succeeded
 */
public record LastCheck(Instant at, Result result) {

    /** How a version check ended. */
    public enum Result {
        /** The registry answered with a valid version, and it was stored. */
        OK,
        /** The registry could not be asked, or its answer could not be used; the old values stay. */
        FAILED
    }

    public LastCheck {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(result, "result");
    }

    /**
     * Return the last check the stored rows describe: the newer of the last success and the last failure (epoch
     * seconds as text, either possibly missing or malformed), a failure in the same second as a success counting as
     * the later one, as {@link CheckFailure#fromRows} has it; empty when neither time can be read.
     */
    public static Optional<LastCheck> fromRows(Optional<String> checkedAt, Optional<String> failedAt) {
        Optional<Instant> succeeded = checkedAt.flatMap(LastCheck::epochSeconds);
        Optional<Instant> failed = failedAt.flatMap(LastCheck::epochSeconds);
        if (failed.isPresent() && (succeeded.isEmpty() || !succeeded.get().isAfter(failed.get()))) {
            return Optional.of(new LastCheck(failed.get(), Result.FAILED));
        }
        return succeeded.map(at -> new LastCheck(at, Result.OK));
    }

    private static Optional<Instant> epochSeconds(String text) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(text.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
