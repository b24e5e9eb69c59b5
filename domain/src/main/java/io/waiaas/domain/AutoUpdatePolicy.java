package io.waiaas.domain;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decide whether the daemon applies an update by itself now (unattended updates, OPS-01): only a newer release of
 * the kind {@code [update] auto_apply} allows, only inside a maintenance window, at most once per occurrence of a
 * window, never in a container, and never again a version that was rolled back (automatically or by {@code
 * --rollback}) — an operator decides about that one.
 */
public final class AutoUpdatePolicy {

    /** What the daemon does about updates now. */
    public sealed interface Decision {}

    /** Upgrade to {@code target} now; {@code window} is the occurrence it runs in, opened at {@code opened}. */
    public record Apply(Version target, MaintenanceWindow window, LocalDateTime opened) implements Decision {
        public Apply {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(opened, "opened");
        }
    }

    /** Do nothing now, because of {@code why}; {@code message} says it in one line. */
    public record Hold(Why why, String message) implements Decision {
        public Hold {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Why nothing is applied now. */
    public enum Why {
        /** {@code auto_apply} is off. */
        OFF,
        /** In a container the image is replaced as a whole (DOCK-B2). */
        IN_CONTAINER,
        /** No newer release is known. */
        UP_TO_DATE,
        /** The newer release is of a kind {@code auto_apply} leaves to the operator. */
        NOT_THIS_KIND,
        /** No maintenance window is open. */
        OUTSIDE_WINDOW,
        /** This occurrence of the window already had its attempt. */
        ALREADY_TRIED,
        /** An upgrade to that version is under way, or died and has not been recovered yet. */
        UNDER_WAY,
        /** That version was rolled back before: an operator decides. */
        ROLLED_BACK_BEFORE
    }

    private AutoUpdatePolicy() {}

    /**
     * Decide what to do at local time {@code now}.
     *
     * @param mode the {@code auto_apply} setting
     * @param windows the maintenance windows; none means never
     * @param installed the version that runs
     * @param latest the newest release the daemon knows of
     * @param history the upgrade history, oldest first
     * @param lastAttempt when the last attempt of this daemon opened its window occurrence
     * @param inContainer whether waiaas runs in a container image
     */
    public static Decision decide(
            AutoApply mode,
            List<MaintenanceWindow> windows,
            LocalDateTime now,
            Version installed,
            Optional<Version> latest,
            List<UpgradeRecord> history,
            Optional<LocalDateTime> lastAttempt,
            boolean inContainer) {
        if (mode == AutoApply.OFF) {
            return new Hold(Why.OFF, "unattended updates are off ([update] auto_apply = \"off\")");
        }
        if (inContainer) {
            return new Hold(Why.IN_CONTAINER, "unattended updates never run in a container: pull the new image");
        }
        if (latest.isEmpty() || latest.get().compareTo(installed) <= 0) {
            return new Hold(Why.UP_TO_DATE, "no release newer than " + installed + " is known");
        }
        Version target = latest.get();
        if (!mode.allows(installed, target)) {
            return new Hold(
                    Why.NOT_THIS_KIND,
                    target + " is not a " + mode.code() + " update of " + installed + "; run: waiaas upgrade");
        }
        Optional<Why> before = pastAttempts(history, target);
        if (before.isPresent()) {
            return new Hold(
                    before.get(),
                    before.get() == Why.ROLLED_BACK_BEFORE
                            ? "the upgrade to " + target + " was rolled back before; run: waiaas upgrade --to " + target
                            : "an upgrade to " + target + " is under way or was interrupted");
        }
        for (MaintenanceWindow window : windows) {
            Optional<LocalDateTime> opened = window.occurrenceAt(now);
            if (opened.isPresent()) {
                if (lastAttempt.filter(opened.get()::equals).isPresent()) {
                    return new Hold(Why.ALREADY_TRIED, "this window (" + window + ") already had its attempt");
                }
                return new Apply(target, window, opened.get());
            }
        }
        return new Hold(
                Why.OUTSIDE_WINDOW,
                windows.isEmpty()
                        ? "no maintenance window is set ([update] window)"
                        : "waiting for a maintenance window ("
                                + String.join(
                                        ", ",
                                        windows.stream().map(String::valueOf).toList()) + ")");
    }

    /**
     * Read the history for the last upgrade that aimed at {@code target}: rolled back since (by itself, by a recovery
     * or by {@code --rollback}), or with no end recorded yet (running, or died).
     */
    private static Optional<Why> pastAttempts(List<UpgradeRecord> history, Version target) {
        int started = -1;
        for (int i = 0; i < history.size(); i++) {
            UpgradeRecord r = history.get(i);
            if (r.action() == UpgradeRecord.Action.UPGRADE
                    && r.result() == UpgradeRecord.Result.STARTED
                    && r.to().filter(target::equals).isPresent()) {
                started = i;
            }
        }
        if (started < 0) {
            return Optional.empty();
        }
        List<UpgradeRecord> since = history.subList(started + 1, history.size());
        if (since.stream().anyMatch(r -> switch (r.result()) {
            case ROLLED_BACK, ROLLBACK_FAILED, REVERTED -> true;
            default -> false;
        })) {
            return Optional.of(Why.ROLLED_BACK_BEFORE);
        }
        return since.stream().anyMatch(r -> r.result() != UpgradeRecord.Result.STARTED)
                ? Optional.empty()
                : Optional.of(Why.UNDER_WAY);
    }
}
