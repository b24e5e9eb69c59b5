package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.domain.UpgradeRecord.Action;
import io.waiaas.domain.UpgradeRecord.Result;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpgradeRecordTest {
    private static final Instant AT = Instant.parse("2026-12-07T03:00:00Z");
    private static final Version N = Version.parse("1.0.0");
    private static final Version NEXT = Version.parse("1.1.0");
    private static final BackupId BACKUP = BackupId.of("pre-upgrade-1.0.0-20261207T030000Z");

    /** Each outcome, and the entry it ends an upgrade from N towards NEXT with (null: it ends nothing). */
    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of(new UpgradeOutcome.UpToDate(N), null),
                Arguments.of(new UpgradeOutcome.Planned(N, NEXT, true, true), null),
                Arguments.of(
                        new UpgradeOutcome.Upgraded(N, NEXT, BACKUP),
                        entry(Result.UPGRADED, Optional.of(N), Optional.of(NEXT), Optional.empty())),
                Arguments.of(
                        new UpgradeOutcome.Reverted(NEXT, N, BACKUP),
                        entry(Result.REVERTED, Optional.of(NEXT), Optional.of(N), Optional.empty())),
                Arguments.of(
                        new UpgradeOutcome.RolledBack(UpgradeStep.MIGRATE, Reason.MIGRATION_FAILED, "boom", N),
                        entry(
                                Result.ROLLED_BACK,
                                Optional.of(N),
                                Optional.of(NEXT),
                                Optional.of(Reason.MIGRATION_FAILED))),
                Arguments.of(
                        new UpgradeOutcome.RollbackFailed(
                                UpgradeStep.RESTART, Reason.DAEMON_UNHEALTHY, "slow", "gone", List.of("do this")),
                        entry(
                                Result.ROLLBACK_FAILED,
                                Optional.of(N),
                                Optional.of(NEXT),
                                Optional.of(Reason.DAEMON_UNHEALTHY))),
                Arguments.of(
                        new UpgradeOutcome.Refused(Reason.DISK_SPACE, "full"),
                        entry(Result.REFUSED, Optional.of(N), Optional.of(NEXT), Optional.of(Reason.DISK_SPACE))));
    }

    private static UpgradeRecord entry(
            Result result, Optional<Version> from, Optional<Version> to, Optional<Reason> reason) {
        return new UpgradeRecord(AT, Action.UPGRADE, result, from, to, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void eachOutcomeEndsWithItsResult(UpgradeOutcome outcome, UpgradeRecord expected) {
        assertEquals(
                Optional.ofNullable(expected),
                UpgradeRecord.ended(AT, Action.UPGRADE, Optional.of(N), Optional.of(NEXT), outcome));
    }

    @Test
    void everyCodeReadsBackAsItsConstantAndNothingElseDoes() {
        for (Reason reason : Reason.values()) {
            assertEquals(Optional.of(reason), Reason.fromCode(reason.code()));
        }
        for (Action action : Action.values()) {
            assertEquals(Optional.of(action), Action.fromCode(action.code()));
        }
        for (Result result : Result.values()) {
            assertEquals(Optional.of(result), Result.fromCode(result.code()));
        }
        assertEquals("rolled-back", Result.ROLLED_BACK.code());
        assertEquals("disk-space", Reason.DISK_SPACE.code());
        assertEquals(Optional.empty(), Result.fromCode("ROLLED_BACK"));
        assertEquals(Optional.empty(), Reason.fromCode("disk space"));
    }
}
