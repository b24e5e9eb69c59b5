package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdateNoticePolicyTest {
    private static final Version CURRENT = Version.parse("1.2.0");
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static Optional<UpdateNoticePolicy.Shown> shown(String version, Duration ago) {
        return Optional.of(new UpdateNoticePolicy.Shown(Version.parse(version), NOW.minus(ago)));
    }

    @Test
    void aNewerReleaseNeverShownIsDue() {
        assertTrue(UpdateNoticePolicy.isDue(CURRENT, Version.parse("1.3.0"), Optional.empty(), NOW));
    }

    @Test
    void noNoticeWithoutANewerRelease() {
        assertFalse(UpdateNoticePolicy.isDue(CURRENT, Version.parse("1.2.0"), Optional.empty(), NOW));
        assertFalse(UpdateNoticePolicy.isDue(CURRENT, Version.parse("1.1.9"), Optional.empty(), NOW));
        assertFalse(UpdateNoticePolicy.isDue(CURRENT, Version.parse("1.2.0-rc.1"), Optional.empty(), NOW));
    }

    @Test
    void aPreReleaseOfTheNextVersionIsNewer() {
        assertTrue(UpdateNoticePolicy.isDue(CURRENT, Version.parse("1.3.0-rc.1"), Optional.empty(), NOW));
    }

    @Test
    void theSameVersionStaysQuietFor24Hours() {
        assertFalse(
                UpdateNoticePolicy.isDue(CURRENT, Version.parse("1.3.0"), shown("1.3.0", Duration.ofHours(1)), NOW));
        assertFalse(UpdateNoticePolicy.isDue(
                CURRENT,
                Version.parse("1.3.0"),
                shown("1.3.0", Duration.ofHours(24).minusSeconds(1)),
                NOW));
        assertTrue(
                UpdateNoticePolicy.isDue(CURRENT, Version.parse("1.3.0"), shown("1.3.0", Duration.ofHours(24)), NOW));
    }

    @Test
    void aNewerReleaseThanTheOneShownIsDueAtOnce() {
        assertTrue(
                UpdateNoticePolicy.isDue(CURRENT, Version.parse("1.4.0"), shown("1.3.0", Duration.ofMinutes(1)), NOW));
    }

    @Test
    void aClockThatWentBackDoesNotSilenceTheNoticeForever() {
        assertTrue(UpdateNoticePolicy.isDue(CURRENT, Version.parse("1.3.0"), shown("1.3.0", Duration.ofDays(-3)), NOW));
    }
}
