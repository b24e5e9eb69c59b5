package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void parsesAllThreePartsPrereleaseAndBuild() {
        Version v = Version.parse("1.9.0-rc.1+sha.5");
        assertEquals(new Version(1, 9, 0, "rc.1", "sha.5"), v);
        assertEquals("sha.5", v.build());
        assertEquals(List.of("rc", "1"), v.prereleaseIdentifiers());
    }

    @Test
    void printsCanonicalFormWithoutBuildMetadata() {
        assertEquals("1.9.0-rc.1", Version.parse("1.9.0-rc.1+sha.5").toString());
        assertEquals("1.9.0-rc.1+sha.5", Version.parse("1.9.0-rc.1+sha.5").toFullString());
        assertEquals("1.2.3", Version.of(1, 2, 3).toString());
    }

    @Test
    void acceptsLeadingVAndSurroundingWhitespaceLikeNpmStrictMode() {
        // npm's strict FULL expression is /^v?.../ applied to the trimmed text, so semver.valid("v1.2.3") is "1.2.3".
        assertEquals(Version.of(1, 2, 3), Version.parse("v1.2.3"));
        assertEquals(Version.of(1, 2, 3), Version.parse(" 1.2.3\u00a0"));
    }

    @Test
    void rejectsEqualsSignLeadingZerosAndPartialVersions() {
        for (String text : List.of(
                "=1.2.3",
                "V1.2.3",
                "01.2.3",
                "1.02.3",
                "1.2.03",
                "1.2.3-01",
                "1.2",
                "1.2.3.4",
                "",
                "1.2.x",
                "1.2.3-",
                "1.2.3+",
                "1.2.3-a..b",
                "1.2.3alpha")) {
            assertEquals(Optional.empty(), Version.tryParse(text), text);
        }
    }

    @Test
    void acceptsNumbersUpToJavaScriptsMaxSafeInteger() {
        assertEquals(Version.MAX_NUMBER, Version.parse("9007199254740991.0.0").major());
        assertTrue(Version.tryParse("9007199254740992.0.0").isEmpty());
        assertTrue(Version.tryParse("0.0.18446744073709551616").isEmpty());
    }

    @Test
    void rejectsTextLongerThanNpmsLimit() {
        assertTrue(Version.tryParse("1.2.3-" + "a".repeat(250)).isPresent());
        assertTrue(Version.tryParse("1.2.3-" + "a".repeat(251)).isEmpty());
    }

    @Test
    void failsWithAOneLineMessageNamingTheInput() {
        DomainException e = assertThrows(DomainException.class, () -> Version.parse("1.x"));
        assertEquals("not a semantic version: '1.x'", e.getMessage());
        assertEquals(ErrorCode.USAGE, e.code());
    }

    @Test
    void constructorRefusesInvalidParts() {
        assertThrows(DomainException.class, () -> new Version(-1, 0, 0, "", ""));
        assertThrows(DomainException.class, () -> new Version(0, 0, 0, "01", ""));
        assertThrows(DomainException.class, () -> new Version(0, 0, 0, "a..b", ""));
        assertThrows(DomainException.class, () -> new Version(0, 0, 0, "", "a_b"));
    }

    @Test
    void ordersBySemverPrecedenceExampleFromTheSpecification() {
        List<Version> expected = List.of(
                        "1.0.0-alpha",
                        "1.0.0-alpha.1",
                        "1.0.0-alpha.beta",
                        "1.0.0-beta",
                        "1.0.0-beta.2",
                        "1.0.0-beta.11",
                        "1.0.0-rc.1",
                        "1.0.0",
                        "2.0.0",
                        "2.1.0",
                        "2.1.1")
                .stream()
                .map(Version::parse)
                .toList();
        List<Version> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertEquals(expected, shuffled);
    }

    @Test
    void comparesNumericIdentifiersNumericallyAndBelowAlphanumericOnes() {
        assertTrue(Version.parse("1.0.0-2").compareTo(Version.parse("1.0.0-10")) < 0);
        assertTrue(Version.parse("1.0.0-999").compareTo(Version.parse("1.0.0-a")) < 0);
        assertTrue(Version.parse("1.0.0-a10").compareTo(Version.parse("1.0.0-a2")) < 0);
    }

    @Test
    void ignoresBuildMetadataForPrecedenceAndEquality() {
        Version a = Version.parse("1.0.0+a");
        Version b = Version.parse("1.0.0+b");
        assertEquals(0, a.compareTo(b));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(Version.parse("1.0.0-a"), Version.parse("1.0.0-b"));
    }

    @Test
    void mirrorsNpmComparingHugeNumericIdentifiersAsDoubles() {
        // Above 2^53 npm turns identifiers into JavaScript numbers, which round alike: compare says 0.
        Version a = Version.parse("1.0.0-9007199254740993");
        Version b = Version.parse("1.0.0-9007199254740992");
        assertEquals(0, a.compareTo(b));
        assertNotEquals(a, b);
    }

    @Test
    void tellsPrereleasesApart() {
        assertTrue(Version.parse("1.0.0-0").isPrerelease());
        assertFalse(Version.parse("1.0.0+build").isPrerelease());
    }
}
