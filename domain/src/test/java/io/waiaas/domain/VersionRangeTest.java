package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionRangeTest {

    private static boolean satisfies(String range, String version) {
        return VersionRange.parse(range).satisfies(Version.parse(version));
    }

    private static String normalized(String range) {
        return VersionRange.parse(range).normalized();
    }

    @Test
    void caretAllowsChangesThatDoNotModifyTheLeftMostNonZeroPart() {
        assertEquals(">=1.2.3 <2.0.0-0", normalized("^1.2.3"));
        assertEquals(">=0.2.3 <0.3.0-0", normalized("^0.2.3"));
        assertEquals(">=0.0.3 <0.0.4-0", normalized("^0.0.3"));
        // npm drops ">=0.0.0" as equivalent to "*", leaving only the upper bound.
        assertEquals("<0.1.0-0", normalized("^0.0"));
        assertEquals("<1.0.0-0", normalized("^0"));
        assertTrue(satisfies("^1.9", "1.99.0"));
        assertFalse(satisfies("^0.0.3", "0.0.4"));
    }

    @Test
    void tildeAllowsPatchChangesOrMinorWhenOnlyMajorIsGiven() {
        assertEquals(">=1.9.2 <1.10.0-0", normalized("~1.9.2"));
        assertEquals(">=1.9.2 <1.10.0-0", normalized("~>1.9.2"));
        assertEquals(">=1.0.0 <2.0.0-0", normalized("~1"));
        assertFalse(satisfies("~1.9.2", "1.10.0"));
    }

    @Test
    void xRangesAndStarsMatchEveryValueInTheirPosition() {
        assertEquals(">=1.0.0 <2.0.0-0", normalized("1.x"));
        assertEquals(">=1.2.0 <1.3.0-0", normalized("1.2.*"));
        assertEquals("*", normalized("*"));
        assertEquals("*", normalized(""));
        assertEquals("<1.3.0-0", normalized("<=1.2.x"));
        assertEquals(">=2.0.0", normalized(">1.x"));
        assertEquals("<0.0.0-0", normalized(">*"));
    }

    @Test
    void hyphenRangesAcceptPartialVersionsOnBothSides() {
        assertEquals(">=1.9.0 <=1.9.4", normalized("1.9.0 - 1.9.4"));
        assertEquals(">=1.2.0 <=2.3.4", normalized("1.2 - 2.3.4"));
        assertEquals(">=1.2.3 <2.4.0-0", normalized("1.2.3 - 2.3"));
        assertTrue(satisfies("1.2.3 - 2.3", "2.3.99"));
        assertFalse(satisfies("1.2.3 - 2.3", "2.4.0"));
    }

    @Test
    void unionsAndIntersectionsCombineComparatorSets() {
        VersionRange range = VersionRange.parse(">=1.9 <2 || 3.0.0");
        assertTrue(range.satisfies(Version.parse("1.9.5")));
        assertFalse(range.satisfies(Version.parse("2.0.0")));
        assertTrue(range.satisfies(Version.parse("3.0.0")));
    }

    @Test
    void toleratesLooseSpellingsNpmAcceptsInRanges() {
        assertEquals("1.2.3", normalized("v1.2.3"));
        assertEquals("1.2.3", normalized("=1.2.3"));
        assertEquals(">=1.2.3 <2.0.0-0", normalized("^ 1.2.3"));
        assertEquals(">=1.2.3 <2.0.0", normalized(">= 1.2.3   < 2.0.0"));
    }

    @Test
    void preReleaseSatisfiesOnlyWhenRangeNamesSameTuple() {
        assertTrue(satisfies("^1.2.3-beta.2", "1.2.3-beta.4"));
        assertFalse(satisfies("^1.2.3-beta.2", "1.2.4-beta.4"));
        assertFalse(satisfies("^1.2.3", "1.2.4-alpha"));
        assertFalse(satisfies("*", "1.0.0-rc.1"));
        assertTrue(satisfies("1.x || >=1.2.3-rc.1", "1.2.3-rc.2"));
    }

    @Test
    void maxSatisfyingPicksTheGreatestAndSkipsPrereleasesNotNamed() {
        List<Version> versions = List.of("1.8.0", "1.9.0", "1.9.4", "1.10.0-rc.1", "2.0.0").stream()
                .map(Version::parse)
                .toList();
        assertEquals(
                Optional.of(Version.parse("1.9.4")), VersionRange.parse("~1.9").maxSatisfying(versions));
        assertEquals(
                Optional.of(Version.parse("1.9.4")), VersionRange.parse("^1.9").maxSatisfying(versions));
        assertEquals(Optional.empty(), VersionRange.parse("^3").maxSatisfying(versions));
    }

    @Test
    void maxSatisfyingKeepsTheFirstOfVersionsDifferingOnlyInBuild() {
        Version b = Version.parse("1.0.0+b");
        Version a = Version.parse("1.0.0+a");
        assertEquals(
                "b",
                VersionRange.parse("1.x")
                        .maxSatisfying(List.of(b, a))
                        .orElseThrow()
                        .build());
    }

    @Test
    void keepsTheOriginalTextAsItsStringForm() {
        assertEquals(" ^1.9 ", VersionRange.parse(" ^1.9 ").toString());
        assertEquals(VersionRange.parse("^1.9"), VersionRange.parse("^1.9"));
    }

    @Test
    void refusesInvalidRangesWithAMessageNamingThem() {
        DomainException e = assertThrows(DomainException.class, () -> VersionRange.parse("latest"));
        assertEquals("not a version range: 'latest'", e.getMessage());
        for (String text : List.of(">>1.2.3", "1.2.3 foo", "01.2.3", "^9007199254740991.0.0", "x.1", "1.2.3.4")) {
            assertTrue(VersionRange.tryParse(text).isEmpty(), text);
        }
    }
}
