package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetadataHistoryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static PublishedVersion v(String version, int day) {
        return new PublishedVersion(
                Version.parse(version), Optional.of(T0.plus(Duration.ofDays(day))), Optional.empty());
    }

    private static final List<PublishedVersion> THREE = List.of(v("1.0.0", 0), v("1.1.0", 1), v("1.2.0", 2));

    private static MetadataHistory seen() {
        MetadataHistory.Observation first = MetadataHistory.EMPTY.observe(
                Version.parse("1.2.0"), THREE, T0.plus(Duration.ofDays(3)), Optional.empty());
        assertFalse(first.wentBack());
        return first.next();
    }

    @Test
    void aFirstAnswerIsRememberedAndTrusted() {
        MetadataHistory h = seen();
        assertEquals(Optional.of(Version.parse("1.2.0")), h.highestTagged());
        assertEquals(Optional.of(T0.plus(Duration.ofDays(2))), h.newestPublished());
        assertEquals(3, h.listed().size());
    }

    @Test
    void aDistTagMovedBackwardsIsAFinding() {
        MetadataHistory.Observation o =
                seen().observe(Version.parse("1.1.0"), THREE, T0.plus(Duration.ofDays(4)), Optional.empty());
        assertTrue(o.wentBack());
        assertTrue(o.backwards().getFirst().contains("1.1.0")
                && o.backwards().getFirst().contains("1.2.0"));
        assertEquals(Optional.of(Version.parse("1.2.0")), o.next().highestTagged(), "never remembered lower");
    }

    @Test
    void aVersionNoLongerListedIsAFindingThatStaysUntilItIsListedAgain() {
        List<PublishedVersion> two = THREE.subList(0, 2);
        MetadataHistory.Observation o =
                seen().observe(Version.parse("1.2.0"), two, T0.plus(Duration.ofDays(4)), Optional.empty());
        assertTrue(
                o.backwards().stream().anyMatch(f -> f.contains("no longer lists 1.2.0")),
                o.backwards().toString());
        MetadataHistory.Observation again =
                o.next().observe(Version.parse("1.2.0"), two, T0.plus(Duration.ofDays(5)), Optional.empty());
        assertTrue(again.wentBack(), "the removal is remembered");
        assertFalse(o.next()
                .observe(Version.parse("1.2.0"), THREE, T0.plus(Duration.ofDays(6)), Optional.empty())
                .wentBack());
    }

    @Test
    void aNewestPublicationTimeMovingBackwardsIsAFinding() {
        List<PublishedVersion> older = List.of(
                v("1.0.0", 0),
                v("1.1.0", 1),
                new PublishedVersion(
                        Version.parse("1.2.0"), Optional.of(T0.plus(Duration.ofHours(30))), Optional.empty()));
        MetadataHistory.Observation o =
                seen().observe(Version.parse("1.2.0"), older, T0.plus(Duration.ofDays(4)), Optional.empty());
        assertTrue(o.backwards().stream().anyMatch(f -> f.contains("publication time went back")), o.toString());
        assertEquals(Optional.of(T0.plus(Duration.ofDays(2))), o.next().newestPublished());
    }

    @Test
    void newReleasesMoveEverythingForwardWithoutFindings() {
        List<PublishedVersion> four = List.of(v("1.0.0", 0), v("1.1.0", 1), v("1.2.0", 2), v("1.3.0", 5));
        MetadataHistory.Observation o = seen().observe(
                        Version.parse("1.3.0"), four, T0.plus(Duration.ofDays(6)), Optional.of(Duration.ofDays(1)));
        assertEquals(List.of(), o.findings());
        assertEquals(Optional.of(T0.plus(Duration.ofDays(6))), o.next().changedAt());
    }

    @Test
    void metadataUnchangedForLongerThanTheMaximumAgeIsAStaleWarningNotARollback() {
        MetadataHistory h = seen();
        Optional<Duration> week = Optional.of(Duration.ofDays(7));
        MetadataHistory.Observation soon = h.observe(Version.parse("1.2.0"), THREE, T0.plus(Duration.ofDays(9)), week);
        assertEquals(Optional.empty(), soon.stale());
        MetadataHistory.Observation late =
                soon.next().observe(Version.parse("1.2.0"), THREE, T0.plus(Duration.ofDays(11)), week);
        assertFalse(late.wentBack());
        assertTrue(
                late.stale().orElseThrow().contains("not changed for 8d"),
                late.stale().toString());
        assertEquals(
                Optional.empty(),
                h.observe(Version.parse("1.2.0"), THREE, T0.plus(Duration.ofDays(99)), Optional.empty())
                        .stale());
    }

    @Test
    void theHistoryRoundTripsThroughItsRowsAndMalformedRowsCountAsUnseen() {
        MetadataHistory h = seen();
        assertEquals(h, MetadataHistory.fromRows(h.toRows()));
        MetadataHistory garbage = MetadataHistory.fromRows(java.util.Map.of(
                MetadataHistory.HIGHEST_ROW,
                "banana",
                MetadataHistory.NEWEST_ROW,
                "x",
                MetadataHistory.LISTED_ROW,
                ",,1.0.0,zz"));
        assertEquals(Optional.empty(), garbage.highestTagged());
        assertEquals(Optional.empty(), garbage.newestPublished());
        assertEquals(1, garbage.listed().size());
    }
}
