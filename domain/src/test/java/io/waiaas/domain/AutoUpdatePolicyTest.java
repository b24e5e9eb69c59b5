package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.waiaas.domain.AutoUpdatePolicy.Apply;
import io.waiaas.domain.AutoUpdatePolicy.Decision;
import io.waiaas.domain.AutoUpdatePolicy.Hold;
import io.waiaas.domain.AutoUpdatePolicy.Why;
import io.waiaas.domain.UpgradeRecord.Action;
import io.waiaas.domain.UpgradeRecord.Result;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AutoUpdatePolicyTest {
    private static final List<MaintenanceWindow> SUNDAY_NIGHT = MaintenanceWindow.parseAll("Sun 02:00-04:00");
    private static final LocalDateTime INSIDE = LocalDateTime.parse("2026-12-06T02:30");
    private static final LocalDateTime OUTSIDE = LocalDateTime.parse("2026-12-06T12:00");
    private static final Version N = Version.parse("1.4.2");
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @ParameterizedTest(name = "{0} from 1.4.2 to {1}: {2}")
    @CsvSource({
        "off, 1.4.3, OFF",
        "patch, 1.4.3, APPLY",
        "patch, 1.5.0, NOT_THIS_KIND",
        "patch, 2.0.0, NOT_THIS_KIND",
        "minor, 1.4.3, APPLY",
        "minor, 1.5.0, APPLY",
        "minor, 2.0.0, NOT_THIS_KIND",
        "major, 2.0.0, APPLY",
        "major, 1.4.2, UP_TO_DATE",
        "major, 1.4.1, UP_TO_DATE",
    })
    void appliesOnlyTheKindOfUpdateTheSettingAllows(String mode, String latest, String expected) {
        Decision d =
                decide(AutoApply.fromCode(mode).orElseThrow(), INSIDE, Optional.of(Version.parse(latest)), List.of());
        assertEquals(expected, d instanceof Hold h ? h.why().name() : "APPLY", d::toString);
    }

    @Test
    void appliesOnlyInsideAWindowAndOncePerOccurrence() {
        Version next = Version.parse("1.4.3");
        assertEquals(Why.OUTSIDE_WINDOW, why(decide(AutoApply.PATCH, OUTSIDE, Optional.of(next), List.of())));
        Apply apply = assertInstanceOf(Apply.class, decide(AutoApply.PATCH, INSIDE, Optional.of(next), List.of()));
        assertEquals(next, apply.target());
        assertEquals(LocalDateTime.parse("2026-12-06T02:00"), apply.opened());
        Decision again = AutoUpdatePolicy.decide(
                AutoApply.PATCH,
                SUNDAY_NIGHT,
                INSIDE.plusMinutes(5),
                N,
                Optional.of(next),
                List.of(),
                Optional.of(apply.opened()),
                false);
        assertEquals(Why.ALREADY_TRIED, why(again));
        Decision nextWeek = AutoUpdatePolicy.decide(
                AutoApply.PATCH,
                SUNDAY_NIGHT,
                INSIDE.plusDays(7),
                N,
                Optional.of(next),
                List.of(),
                Optional.of(apply.opened()),
                false);
        assertInstanceOf(Apply.class, nextWeek);
        assertEquals(
                Why.OUTSIDE_WINDOW,
                why(AutoUpdatePolicy.decide(
                        AutoApply.PATCH, List.of(), INSIDE, N, Optional.of(next), List.of(), Optional.empty(), false)));
    }

    @Test
    void neverInAContainerAndNeverWithoutAKnownRelease() {
        assertEquals(
                Why.IN_CONTAINER,
                why(AutoUpdatePolicy.decide(
                        AutoApply.MAJOR,
                        SUNDAY_NIGHT,
                        INSIDE,
                        N,
                        Optional.of(Version.parse("2.0.0")),
                        List.of(),
                        Optional.empty(),
                        true)));
        assertEquals(Why.UP_TO_DATE, why(decide(AutoApply.MAJOR, INSIDE, Optional.empty(), List.of())));
    }

    /** Histories of an earlier upgrade to 1.4.3, and whether 1.4.3 may be applied by itself again. */
    static Stream<Arguments> histories() {
        UpgradeRecord started = UpgradeRecord.started(AT, N, Version.parse("1.4.3"));
        UpgradeRecord otherStarted = UpgradeRecord.started(AT, N, Version.parse("1.4.4"));
        return Stream.of(
                Arguments.of("none", List.of(), null),
                Arguments.of(
                        "rolled back",
                        List.of(started, end(Action.UPGRADE, Result.ROLLED_BACK)),
                        Why.ROLLED_BACK_BEFORE),
                Arguments.of(
                        "rollback failed",
                        List.of(started, end(Action.UPGRADE, Result.ROLLBACK_FAILED)),
                        Why.ROLLED_BACK_BEFORE),
                Arguments.of(
                        "upgraded, then --rollback",
                        List.of(started, end(Action.UPGRADE, Result.UPGRADED), end(Action.ROLLBACK, Result.REVERTED)),
                        Why.ROLLED_BACK_BEFORE),
                Arguments.of(
                        "died, recovered by rolling back",
                        List.of(started, end(Action.RECOVERY, Result.ROLLED_BACK)),
                        Why.ROLLED_BACK_BEFORE),
                Arguments.of("started, no end yet", List.of(started), Why.UNDER_WAY),
                Arguments.of("refused at a stop", List.of(started, end(Action.UPGRADE, Result.REFUSED)), null),
                Arguments.of(
                        "another version rolled back",
                        List.of(otherStarted, end(Action.UPGRADE, Result.ROLLED_BACK)),
                        null),
                Arguments.of(
                        "rolled back, then started and refused again",
                        List.of(
                                started,
                                end(Action.UPGRADE, Result.ROLLED_BACK),
                                started,
                                end(Action.UPGRADE, Result.REFUSED)),
                        null));
    }

    private static UpgradeRecord end(Action action, Result result) {
        return new UpgradeRecord(AT, action, result, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void neverAppliesAgainAVersionThatWasRolledBack(String name, List<UpgradeRecord> history, Why expected) {
        Decision d = decide(AutoApply.PATCH, INSIDE, Optional.of(Version.parse("1.4.3")), history);
        if (expected == null) {
            assertInstanceOf(Apply.class, d, d::toString);
        } else {
            assertEquals(expected, why(d), d::toString);
        }
    }

    private static Decision decide(
            AutoApply mode, LocalDateTime now, Optional<Version> latest, List<UpgradeRecord> history) {
        return AutoUpdatePolicy.decide(mode, SUNDAY_NIGHT, now, N, latest, history, Optional.empty(), false);
    }

    private static Why why(Decision d) {
        return assertInstanceOf(Hold.class, d, d::toString).why();
    }
}
