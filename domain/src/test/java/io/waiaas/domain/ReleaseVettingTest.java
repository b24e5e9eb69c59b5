package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseVettingTest {
    private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");
    private static final ReleaseVetting THREE_DAYS = new ReleaseVetting(Duration.ofDays(3));

    private static PublishedVersion v(String version, Duration ago) {
        return new PublishedVersion(Version.parse(version), Optional.of(NOW.minus(ago)), Optional.empty());
    }

    private static PublishedVersion deprecated(String version, String message) {
        return new PublishedVersion(
                Version.parse(version), Optional.of(NOW.minus(Duration.ofDays(30))), Optional.of(message));
    }

    private final List<PublishedVersion> catalogue = List.of(
            v("1.0.0", Duration.ofDays(40)),
            deprecated("1.1.0", "data loss, use 1.1.1"),
            v("1.1.1", Duration.ofDays(10)),
            v("1.2.0-rc.1", Duration.ofDays(5)),
            v("1.2.0", Duration.ofHours(5)));

    @Test
    void aReleaseYoungerThanTheCooldownIsHeldBackAndTheNewestOldEnoughOneIsChosen() {
        assertEquals(
                Optional.of(Version.parse("1.1.1")),
                THREE_DAYS.newestEligibleUpTo(Version.parse("1.2.0"), catalogue, NOW));
        String why = THREE_DAYS.tooYoung(catalogue.getLast(), NOW).orElseThrow();
        assertTrue(why.contains("1.2.0") && why.contains("5h ago") && why.contains("3d"), why);
    }

    @Test
    void theCooldownEndsExactlyAtTheMinimumAge() {
        PublishedVersion exactly = v("2.0.0", Duration.ofDays(3));
        assertEquals(Optional.empty(), THREE_DAYS.tooYoung(exactly, NOW));
        assertTrue(THREE_DAYS
                .tooYoung(v("2.0.0", Duration.ofDays(3).minusSeconds(1)), NOW)
                .isPresent());
    }

    @Test
    void noCooldownLetsEveryNonDeprecatedReleaseThrough() {
        assertEquals(
                List.of("1.0.0", "1.1.1", "1.2.0-rc.1", "1.2.0"),
                ReleaseVetting.NONE.eligible(catalogue, NOW).stream()
                        .map(Version::toString)
                        .toList());
        assertEquals(
                Optional.of(Version.parse("1.2.0")),
                ReleaseVetting.NONE.newestEligibleUpTo(Version.parse("1.2.0"), catalogue, NOW));
    }

    @Test
    void aDeprecatedVersionIsNeverChosenAndItsMessageIsKept() {
        assertEquals(
                Optional.of(Version.parse("1.0.0")),
                ReleaseVetting.NONE.newestEligibleUpTo(Version.parse("1.1.0"), catalogue, NOW));
        assertEquals(
                "1.1.0 is deprecated by the registry: data loss, use 1.1.1",
                ReleaseVetting.NONE.heldBack(catalogue.get(1), NOW).orElseThrow());
    }

    @Test
    void aStableTagNeverFallsBackToAPreRelease() {
        List<PublishedVersion> some = List.of(v("1.2.0-rc.1", Duration.ofDays(9)), v("1.2.0", Duration.ofHours(1)));
        assertEquals(Optional.empty(), THREE_DAYS.newestEligibleUpTo(Version.parse("1.2.0"), some, NOW));
        assertEquals(
                Optional.of(Version.parse("1.2.0-rc.1")),
                THREE_DAYS.newestEligibleUpTo(Version.parse("1.2.0-rc.2"), some, NOW));
    }

    @Test
    void anUnknownPublicationTimeIsHeldBackOnlyUnderACooldown() {
        PublishedVersion unknown = new PublishedVersion(Version.parse("3.0.0"), Optional.empty(), Optional.empty());
        assertTrue(THREE_DAYS.tooYoung(unknown, NOW).orElseThrow().contains("no publication time"));
        assertEquals(Optional.empty(), ReleaseVetting.NONE.heldBack(unknown, NOW));
    }

    @Test
    void aBlankDeprecationIsNoDeprecationAndAMessageIsOneBoundedLine() {
        assertEquals(
                false, new PublishedVersion(Version.parse("1.0.0"), Optional.empty(), Optional.of(" ")).isDeprecated());
        String message = new PublishedVersion(
                        Version.parse("1.0.0"), Optional.empty(), Optional.of("a\nb\u001b[31m" + "x".repeat(500)))
                .deprecated()
                .orElseThrow();
        assertTrue(!message.contains("\n") && !message.contains("\u001b") && message.length() <= 201, message);
    }

    @Test
    void aNegativeCooldownIsRefused() {
        assertThrows(DomainException.class, () -> new ReleaseVetting(Duration.ofSeconds(-1)));
    }

    @Test
    void durationsReadAndWriteTheShortForms() {
        assertEquals(Optional.of(Duration.ofDays(3)), Durations.parse("3d"));
        assertEquals(Optional.of(Duration.ofDays(14)), Durations.parse("2w"));
        assertEquals(Optional.of(Duration.ofSeconds(90)), Durations.parse("90"));
        assertEquals(Optional.of(Duration.ofHours(12)), Durations.parse("12h"));
        assertEquals(Optional.empty(), Durations.parse("3 days"));
        assertEquals(Optional.empty(), Durations.parse("-1d"));
        assertEquals("3d", Durations.describe(Duration.ofDays(3)));
        assertEquals("1d 2h", Durations.describe(Duration.ofHours(26)));
        assertEquals("0s", Durations.describe(Duration.ZERO));
    }
}
