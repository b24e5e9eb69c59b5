package io.waiaas.domain;

import java.util.List;
import java.util.Objects;

/**
 * Tell how planning, running or rolling back an upgrade ended; each case owns its exit code (CMDS-03).
 *
 * <p>Planning ends {@link UpToDate}, {@link Planned} or {@link Refused}; carrying out a plan ends {@link Upgraded},
 * {@link RolledBack}, {@link RollbackFailed} or {@link Refused}; {@code --rollback} ends {@link Reverted},
 * {@link RollbackFailed} or {@link Refused}.
 */
public sealed interface UpgradeOutcome {

    /** Return the process exit code of CMDS-03 for this outcome. */
    int exitCode();

    /** The installed version already is the target: nothing was stopped, backed up or downloaded. */
    record UpToDate(Version version) implements UpgradeOutcome {
        public UpToDate {
            Objects.requireNonNull(version, "version");
        }

        @Override
        public int exitCode() {
            return 0;
        }
    }

    /**
     * A plan that step 1 checked and found possible, ready to be carried out (or shown, by a dry run); nothing has
     * changed yet.
     *
     * @param from the version installed now
     * @param to the target
     * @param daemonRunning whether the daemon runs now, so step 2 stops it
     * @param restart whether step 7 starts the daemon again (it ran, and {@code --no-start} was not given)
     * @param route the versions to upgrade to in order, ending at {@code to}, with required stops (CMPT-B2) before
     *     it when the database needs them
     */
    record Planned(Version from, Version to, boolean daemonRunning, boolean restart, List<Version> route)
            implements UpgradeOutcome {
        public Planned {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            route = List.copyOf(route);
            if (route.isEmpty() || !route.getLast().equals(to)) {
                throw DomainException.invalid("the route of a plan ends at its target " + to);
            }
            if (restart && !daemonRunning) {
                throw DomainException.invalid("a plan restarts only a daemon that runs");
            }
        }

        /** Plan a direct upgrade {@code from} → {@code to}, without stops. */
        public Planned(Version from, Version to, boolean daemonRunning, boolean restart) {
            this(from, to, daemonRunning, restart, List.of(to));
        }

        /** Tell whether the plan passes through intermediate versions before {@code to}; it then needs a yes. */
        public boolean hasStops() {
            return route.size() > 1;
        }

        @Override
        public int exitCode() {
            return 0;
        }
    }

    /** The upgrade completed; {@code backup} is the pre-upgrade backup to roll back to. */
    record Upgraded(Version from, Version to, BackupId backup) implements UpgradeOutcome {
        public Upgraded {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(backup, "backup");
        }

        @Override
        public int exitCode() {
            return 0;
        }
    }

    /** {@code --rollback} went back from {@code from} to {@code to}; the replaced state is kept in {@code kept}. */
    record Reverted(Version from, Version to, BackupId kept) implements UpgradeOutcome {
        public Reverted {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(kept, "kept");
        }

        @Override
        public int exitCode() {
            return 0;
        }
    }

    /**
     * Step {@code step} failed and everything was put back as it was (exit 3): {@code restored} runs again, with
     * its data, and serves if it served before.
     */
    record RolledBack(UpgradeStep step, Reason reason, String cause, Version restored) implements UpgradeOutcome {
        public RolledBack {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(restored, "restored");
        }

        @Override
        public int exitCode() {
            return ErrorCode.ROLLED_BACK.exitCode();
        }
    }

    /**
     * Step {@code step} failed and so did putting the old state back; {@code manualSteps} say how to recover by hand
     * (exit 4).
     */
    record RollbackFailed(UpgradeStep step, Reason reason, String cause, String rollbackCause, List<String> manualSteps)
            implements UpgradeOutcome {
        public RollbackFailed {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(rollbackCause, "rollbackCause");
            manualSteps = List.copyOf(manualSteps);
        }

        @Override
        public int exitCode() {
            return ErrorCode.ROLLBACK_FAILED.exitCode();
        }
    }

    /** Refused before anything changed (exit 5): {@code reason} names the check, {@code message} says it in a line. */
    record Refused(Reason reason, String message) implements UpgradeOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public int exitCode() {
            return ErrorCode.REFUSED.exitCode();
        }
    }
}
