package io.waiaas.domain;

import java.util.List;
import java.util.Objects;

/** Tell how {@code waiaas upgrade} or {@code waiaas upgrade --rollback} ended; each case owns its exit code. */
public sealed interface UpgradeOutcome {

    /** Return the process exit code of SPEC §2 for this outcome. */
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
     * A dry run: the plan was printed and nothing changed; {@code route} lists the versions to upgrade to in order,
     * ending at {@code to}, with required stops (CMPT-B2) before it when the database needs them.
     */
    record Planned(Version from, Version to, boolean daemonRunning, List<Version> route) implements UpgradeOutcome {
        public Planned {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            route = List.copyOf(route);
            if (route.isEmpty() || !route.getLast().equals(to)) {
                throw DomainException.invalid("the route of a plan ends at its target " + to);
            }
        }

        /** Plan a direct upgrade {@code from} → {@code to}, without stops. */
        public Planned(Version from, Version to, boolean daemonRunning) {
            this(from, to, daemonRunning, List.of(to));
        }

        /** Tell whether the plan passes through intermediate versions before {@code to}. */
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

    /** Step {@code step} failed and everything was put back as it was (exit 3). */
    record RolledBack(UpgradeStep step, String cause, Version restored) implements UpgradeOutcome {
        public RolledBack {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(restored, "restored");
        }

        @Override
        public int exitCode() {
            return ErrorCode.ROLLED_BACK.exitCode();
        }
    }

    /** Step {@code step} failed and so did the rollback; {@code manualSteps} say how to recover (exit 4). */
    record RollbackFailed(UpgradeStep step, String cause, String rollbackCause, List<String> manualSteps)
            implements UpgradeOutcome {
        public RollbackFailed {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(rollbackCause, "rollbackCause");
            manualSteps = List.copyOf(manualSteps);
        }

        @Override
        public int exitCode() {
            return ErrorCode.ROLLBACK_FAILED.exitCode();
        }
    }

    /** The upgrade was refused before anything changed (exit 5). */
    record Refused(String reason) implements UpgradeOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public int exitCode() {
            return ErrorCode.REFUSED.exitCode();
        }
    }
}
