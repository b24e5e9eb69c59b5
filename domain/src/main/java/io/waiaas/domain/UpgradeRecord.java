package io.waiaas.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the upgrade history: an upgrade that started, or how an upgrade, a {@code --rollback} or the recovery
 * of an interrupted one ended. The history lives outside the database, so a snapshot restore never takes it back;
 * metrics, webhooks and unattended updates read it.
 *
 * @param at when it was recorded
 * @param action what ran
 * @param result how it ended, or {@link Result#STARTED}
 * @param from the version installed before, when known
 * @param to the version it went to or aimed at, when known
 * @param reason why it was refused or went back, for those results
 */
public record UpgradeRecord(
        Instant at,
        Action action,
        Result result,
        Optional<Version> from,
        Optional<Version> to,
        Optional<Reason> reason) {

    /** What ran. */
    public enum Action {
        /** {@code waiaas upgrade}, by the operator or unattended. */
        UPGRADE,
        /** {@code waiaas upgrade --rollback}. */
        ROLLBACK,
        /** The recovery of an interrupted upgrade or rollback, by the next command. */
        RECOVERY;

        /** Return the stable code, lower case, such as {@code recovery}. */
        public String code() {
            return Codes.of(this);
        }

        /** Return the constant whose {@link #code()} is {@code code}, or empty. */
        public static Optional<Action> fromCode(String code) {
            return Codes.parse(Action.class, code);
        }
    }

    /** How it ended. */
    public enum Result {
        /** The upgrade began (after step 1, before anything is stopped). */
        STARTED,
        /** The upgrade completed, or a recovery finished it. */
        UPGRADED,
        /** The upgrade failed and was rolled back: the old version serves. */
        ROLLED_BACK,
        /** Going back failed too: the operator has manual steps. */
        ROLLBACK_FAILED,
        /** Refused before anything changed. */
        REFUSED,
        /** {@code --rollback} (or the recovery of one) put the previous version back. */
        REVERTED;

        /** Return the stable code, lower case with hyphens, such as {@code rolled-back}. */
        public String code() {
            return Codes.of(this);
        }

        /** Return the constant whose {@link #code()} is {@code code}, or empty. */
        public static Optional<Result> fromCode(String code) {
            return Codes.parse(Result.class, code);
        }
    }

    public UpgradeRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }

    /** Return the record of an upgrade from {@code from} to {@code to} that is about to stop anything. */
    public static UpgradeRecord started(Instant at, Version from, Version to) {
        return new UpgradeRecord(
                at, Action.UPGRADE, Result.STARTED, Optional.of(from), Optional.of(to), Optional.empty());
    }

    /**
     * Return the record of how {@code action} ended with {@code outcome}, from the version {@code from} towards
     * {@code target} when they are known; empty for an outcome that ends nothing (a plan, or already up to date).
     */
    public static Optional<UpgradeRecord> ended(
            Instant at, Action action, Optional<Version> from, Optional<Version> target, UpgradeOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        return Optional.ofNullable(
                switch (outcome) {
                    case UpgradeOutcome.UpToDate o -> null;
                    case UpgradeOutcome.Planned o -> null;
                    case UpgradeOutcome.Upgraded o ->
                        new UpgradeRecord(
                                at,
                                action,
                                Result.UPGRADED,
                                Optional.of(o.from()),
                                Optional.of(o.to()),
                                Optional.empty());
                    case UpgradeOutcome.Reverted o ->
                        new UpgradeRecord(
                                at,
                                action,
                                Result.REVERTED,
                                Optional.of(o.from()),
                                Optional.of(o.to()),
                                Optional.empty());
                    case UpgradeOutcome.RolledBack o ->
                        new UpgradeRecord(at, action, Result.ROLLED_BACK, from, target, Optional.of(o.reason()));
                    case UpgradeOutcome.RollbackFailed o ->
                        new UpgradeRecord(at, action, Result.ROLLBACK_FAILED, from, target, Optional.of(o.reason()));
                    case UpgradeOutcome.Refused o ->
                        new UpgradeRecord(at, action, Result.REFUSED, from, target, Optional.of(o.reason()));
                });
    }
}
