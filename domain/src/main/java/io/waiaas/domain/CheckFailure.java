package io.waiaas.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Say why the daemon's last version check found no release: its one-line reason (never a secret) and when it failed.
 *
 * @param reason the failure, one line, as the check reported it
 * @param at when the check failed
 */
public record CheckFailure(String reason, Instant at) {

    public CheckFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /**
     * Return the failure the stored rows describe, or empty when there is none or a later check succeeded: the rows
     * are the last failure's reason, its time and the last success's time (epoch seconds as text), any of them
     * possibly missing or malformed.
     */
    public static Optional<CheckFailure> fromRows(
            Optional<String> error, Optional<String> failedAt, Optional<String> checkedAt) {
        Optional<Instant> failed = failedAt.flatMap(CheckFailure::epochSeconds);
        if (error.isEmpty() || error.get().isBlank() || failed.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> succeeded = checkedAt.flatMap(CheckFailure::epochSeconds);
        if (succeeded.isPresent() && succeeded.get().isAfter(failed.get())) {
            return Optional.empty();
        }
        return Optional.of(new CheckFailure(error.get().strip(), failed.get()));
    }

    private static Optional<Instant> epochSeconds(String text) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(text.strip())));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
