package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waiaas.application.port.out.UpgradeHistory;
import io.waiaas.domain.Reason;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.UpgradeRecord.Action;
import io.waiaas.domain.UpgradeRecord.Result;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link UpgradeHistory} must show. */
public interface UpgradeHistoryContract {

    /** Create an empty history. */
    UpgradeHistory newHistory();

    /** Create a history over the same place as {@code history}, as the next process would. */
    UpgradeHistory reopen(UpgradeHistory history);

    Instant AT = Instant.parse("2026-12-07T03:00:00Z");

    @Test
    default void startsEmpty() {
        assertEquals(List.of(), newHistory().all());
    }

    @Test
    default void keepsEveryEntryInRecordingOrderAcrossProcesses() {
        UpgradeHistory history = newHistory();
        UpgradeRecord started = UpgradeRecord.started(AT, Version.parse("0.1.0"), Version.parse("0.2.0"));
        UpgradeRecord rolledBack = new UpgradeRecord(
                AT.plusSeconds(9),
                Action.UPGRADE,
                Result.ROLLED_BACK,
                Optional.of(Version.parse("0.1.0")),
                Optional.of(Version.parse("0.2.0")),
                Optional.of(Reason.MIGRATION_FAILED));
        UpgradeRecord earlierButLater = new UpgradeRecord(
                AT.minusSeconds(60),
                Action.RECOVERY,
                Result.REVERTED,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        history.record(started);
        history.record(rolledBack);
        history.record(earlierButLater);
        assertEquals(List.of(started, rolledBack, earlierButLater), history.all());
        assertEquals(
                List.of(started, rolledBack, earlierButLater), reopen(history).all());
    }

    @Test
    default void keepsEveryActionResultAndReason() {
        UpgradeHistory history = newHistory();
        int n = 0;
        for (Action action : Action.values()) {
            for (Result result : Result.values()) {
                for (Reason reason : Reason.values()) {
                    history.record(new UpgradeRecord(
                            AT.plusMillis(n++),
                            action,
                            result,
                            Optional.of(Version.parse("1.2.3-rc.1")),
                            Optional.empty(),
                            Optional.of(reason)));
                }
            }
        }
        List<UpgradeRecord> all = reopen(history).all();
        assertEquals(n, all.size());
        assertEquals(
                Reason.values()[Reason.values().length - 1],
                all.getLast().reason().orElseThrow());
        assertEquals(Version.parse("1.2.3-rc.1"), all.getFirst().from().orElseThrow());
    }

    @Test
    default void keepsTheTimeToTheMillisecond() {
        UpgradeHistory history = newHistory();
        history.record(UpgradeRecord.started(
                Instant.parse("2026-12-07T03:00:00.123456789Z"), Version.parse("0.1.0"), Version.parse("0.1.1")));
        assertEquals(
                Instant.parse("2026-12-07T03:00:00.123Z"),
                reopen(history).all().getFirst().at());
    }

    @Test
    default void refusesNull() {
        assertThrows(NullPointerException.class, () -> newHistory().record(null));
    }
}
