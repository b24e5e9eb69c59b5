package io.waiaas.application.daemon;

import io.waiaas.domain.Version;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hold, in memory, the newest release the daemon knows of, so {@code /health} reads no database row; and tell who
 * asked when it changes, so what depends on it (unattended updates) acts when the check learns of a release rather
 * than at its own next tick.
 */
public final class KnownRelease {
    private volatile Version latest;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Create a holder that knows no release yet. */
    public KnownRelease() {}

    /** Return the newest release known, or empty when never checked. */
    public Optional<Version> latest() {
        return Optional.ofNullable(latest);
    }

    /** Remember {@code version} as the newest release; when it differs from the one held, run every listener. */
    public void update(Version version) {
        Objects.requireNonNull(version, "version");
        Version before = latest;
        latest = version;
        if (!version.equals(before)) {
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * Run {@code listener} on the updating thread each time the release held changes from now on; it must be quick
     * and never throw.
     */
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
