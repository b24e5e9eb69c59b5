package io.waiaas.application.port.in;

import io.waiaas.domain.Version;
import java.util.Objects;

/**
 * Compare the running version with an upgrade target resolved from the registry (UPGR-01, UPGR-05,
 * UPGR-07); nothing was changed to find out.
 */
public sealed interface TargetCheck {

    /** Return the running version. */
    Version current();

    /** Return the resolved target version. */
    Version target();

    /**
     * Record that the target is the running version by precedence: {@code Already up to date ({current})}.
     *
     * @param current the running version
     * @param target the resolved target
     */
    record UpToDate(Version current, Version target) implements TargetCheck {
        public UpToDate {
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Record that the target is newer: {@code Update available: {current} → {target}}.
     *
     * @param current the running version
     * @param target the newer target
     */
    record UpdateAvailable(Version current, Version target) implements TargetCheck {
        public UpdateAvailable {
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Record that the target is older than the running version: {@code upgrade} refuses it unless
     * {@code --allow-downgrade}; for the followed channel (no {@code --to}) it means nothing newer is published.
     *
     * @param current the running version
     * @param target the older target
     */
    record Downgrade(Version current, Version target) implements TargetCheck {
        public Downgrade {
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(target, "target");
        }
    }

    /** Classify {@code target} against {@code current} by semantic-version precedence. */
    static TargetCheck of(Version current, Version target) {
        int c = target.compareTo(current);
        if (c > 0) {
            return new UpdateAvailable(current, target);
        }
        return c == 0 ? new UpToDate(current, target) : new Downgrade(current, target);
    }
}
