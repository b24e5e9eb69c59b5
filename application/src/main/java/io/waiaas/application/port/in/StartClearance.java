package io.waiaas.application.port.in;

import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.Version;
import java.util.Objects;

/** Tell whether {@code waiaas start} may go on, once an interrupted upgrade has been put right. */
public sealed interface StartClearance {

    /** Nothing stands in the way: start the daemon. */
    record Go() implements StartClearance {}

    /**
     * A daemon serves already: the one the interrupted upgrade had started, waited for and counted, or one that
     * started meanwhile. Starting another would only race it.
     */
    record AlreadyServing(DaemonStatus.Running daemon) implements StartClearance {
        public AlreadyServing {
            Objects.requireNonNull(daemon, "daemon");
        }
    }

    /** Putting the interrupted upgrade right failed: nothing may start on top of an unknown state (exit 4). */
    record RecoveryFailed(UpgradeOutcome.RollbackFailed outcome) implements StartClearance {
        public RecoveryFailed {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * The recovery left {@code current} another version than the build asked to run in the foreground; that
     * version's own launcher must start it.
     */
    record OtherVersionCurrent(Version current, Version build) implements StartClearance {
        public OtherVersionCurrent {
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(build, "build");
        }
    }
}
