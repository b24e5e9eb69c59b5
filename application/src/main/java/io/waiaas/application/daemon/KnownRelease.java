package io.waiaas.application.daemon;

import io.waiaas.domain.Version;
import java.util.Objects;
import java.util.Optional;

/** Hold, in memory, the newest release the daemon knows of, so {@code /health} reads no database row. */
public final class KnownRelease {
    private volatile Version latest;

    /** Create a holder that knows no release yet. */
    public KnownRelease() {}

    /** Return the newest release known, or empty when never checked. */
    public Optional<Version> latest() {
        return Optional.ofNullable(latest);
    }

    /** Remember {@code version} as the newest release. */
    public void update(Version version) {
        this.latest = Objects.requireNonNull(version, "version");
    }
}
