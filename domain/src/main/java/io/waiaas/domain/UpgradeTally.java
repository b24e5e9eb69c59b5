package io.waiaas.domain;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Count the upgrade history's records by what ran and how it ended (OPS-02): every action with every ending, zero
 * where none happened, and the upgrades that started. The history only grows, so each count only grows too.
 *
 * @param started the upgrades that began (past their checks, before anything was stopped)
 * @param ended per action, per ending (never {@link UpgradeRecord.Result#STARTED}), how many
 */
public record UpgradeTally(long started, Map<UpgradeRecord.Action, Map<UpgradeRecord.Result, Long>> ended) {

    public UpgradeTally {
        Objects.requireNonNull(ended, "ended");
        Map<UpgradeRecord.Action, Map<UpgradeRecord.Result, Long>> copy = new EnumMap<>(UpgradeRecord.Action.class);
        ended.forEach((action, byResult) -> copy.put(action, Map.copyOf(byResult)));
        ended = Map.copyOf(copy);
    }

    /** Count {@code records}. */
    public static UpgradeTally of(List<UpgradeRecord> records) {
        Map<UpgradeRecord.Action, Map<UpgradeRecord.Result, Long>> ended = new EnumMap<>(UpgradeRecord.Action.class);
        for (UpgradeRecord.Action action : UpgradeRecord.Action.values()) {
            Map<UpgradeRecord.Result, Long> byResult = new EnumMap<>(UpgradeRecord.Result.class);
            for (UpgradeRecord.Result result : endings()) {
                byResult.put(result, 0L);
            }
            ended.put(action, byResult);
        }
        long started = 0;
        for (UpgradeRecord record : records) {
            if (record.result() == UpgradeRecord.Result.STARTED) {
                started++;
            } else {
                ended.get(record.action()).merge(record.result(), 1L, Long::sum);
            }
        }
        return new UpgradeTally(started, ended);
    }

    /** Return the results that end an action: every result but {@link UpgradeRecord.Result#STARTED}. */
    public static List<UpgradeRecord.Result> endings() {
        return List.of(UpgradeRecord.Result.values()).stream()
                .filter(result -> result != UpgradeRecord.Result.STARTED)
                .toList();
    }

    /** Return how many times {@code action} ended with {@code result} (0 for {@code STARTED}). */
    public long count(UpgradeRecord.Action action, UpgradeRecord.Result result) {
        return ended.getOrDefault(action, Map.of()).getOrDefault(result, 0L);
    }
}
