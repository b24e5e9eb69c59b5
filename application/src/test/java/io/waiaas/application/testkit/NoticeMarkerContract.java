package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.waiaas.application.port.out.NoticeMarker;
import io.waiaas.domain.UpdateNoticePolicy;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link NoticeMarker} must show.
 *
 * <p>The time shown is kept at least to the whole second (a file's modification time may keep more): the quiet
 * period it feeds is 24 hours, so the contract compares times truncated to the second.
 */
public interface NoticeMarkerContract {

    /** Create the marker of a data dir that exists and holds no marker yet. */
    NoticeMarker newMarker();

    /** Create the marker of a data dir that does not exist. */
    NoticeMarker markerWithoutDataDir();

    /** Tell whether the data dir of the last {@link #markerWithoutDataDir()} exists now. */
    boolean dataDirExists();

    /** Replace the marker of the last {@link #newMarker()} with {@code text}, as a foreign or broken writer would. */
    void writeMarker(String text);

    /** Make the marker of the last {@link #newMarker()} impossible to read. */
    void makeMarkerUnreadable();

    private static UpdateNoticePolicy.Shown shown(String version, String at) {
        return new UpdateNoticePolicy.Shown(Version.parse(version), Instant.parse(at));
    }

    private static Optional<UpdateNoticePolicy.Shown> toTheSecond(Optional<UpdateNoticePolicy.Shown> shown) {
        return shown.map(s -> new UpdateNoticePolicy.Shown(s.version(), s.at().truncatedTo(ChronoUnit.SECONDS)));
    }

    @Test
    default void remembersNothingBeforeANoticeWasShown() {
        assertEquals(Optional.empty(), newMarker().lastShown());
    }

    @Test
    default void remembersTheVersionShownAndWhenToTheSecond() {
        NoticeMarker marker = newMarker();
        marker.recordShown(shown("1.10.0", "2026-11-26T06:00:00.750Z"));
        assertEquals(Optional.of(shown("1.10.0", "2026-11-26T06:00:00Z")), toTheSecond(marker.lastShown()));
    }

    @Test
    default void remembersAPreReleaseVersion() {
        NoticeMarker marker = newMarker();
        marker.recordShown(shown("2.0.0-rc.1", "2026-11-26T06:00:00Z"));
        assertEquals(Optional.of(shown("2.0.0-rc.1", "2026-11-26T06:00:00Z")), toTheSecond(marker.lastShown()));
    }

    @Test
    default void aLaterNoticeReplacesTheEarlierOne() {
        NoticeMarker marker = newMarker();
        marker.recordShown(shown("1.10.0", "2026-11-26T06:00:00Z"));
        marker.recordShown(shown("1.11.0", "2026-11-27T07:30:00Z"));
        assertEquals(Optional.of(shown("1.11.0", "2026-11-27T07:30:00Z")), toTheSecond(marker.lastShown()));
    }

    @Test
    default void keepsATimeEarlierThanTheOneBefore() {
        NoticeMarker marker = newMarker();
        marker.recordShown(shown("1.10.0", "2026-11-27T06:00:00Z"));
        marker.recordShown(shown("1.10.0", "2026-11-26T06:00:00Z"));
        assertEquals(Optional.of(shown("1.10.0", "2026-11-26T06:00:00Z")), toTheSecond(marker.lastShown()));
    }

    @Test
    default void aMarkerThatHoldsNoVersionRemembersNothing() {
        NoticeMarker marker = newMarker();
        writeMarker("not a version\n");
        assertEquals(Optional.empty(), marker.lastShown());
        writeMarker("");
        assertEquals(Optional.empty(), marker.lastShown());
    }

    @Test
    default void anUnreadableMarkerRemembersNothing() {
        NoticeMarker marker = newMarker();
        marker.recordShown(shown("1.10.0", "2026-11-26T06:00:00Z"));
        makeMarkerUnreadable();
        assertEquals(Optional.empty(), marker.lastShown());
    }

    @Test
    default void recordingOverAGarbledMarkerRepairsIt() {
        NoticeMarker marker = newMarker();
        writeMarker("1.10.\u0000garbage");
        marker.recordShown(shown("1.10.0", "2026-11-26T06:00:00Z"));
        assertEquals(Optional.of(shown("1.10.0", "2026-11-26T06:00:00Z")), toTheSecond(marker.lastShown()));
    }

    @Test
    default void withoutADataDirRecordingDoesNothingAndCreatesNothing() {
        NoticeMarker marker = markerWithoutDataDir();
        marker.recordShown(shown("1.10.0", "2026-11-26T06:00:00Z"));
        assertEquals(Optional.empty(), marker.lastShown());
        assertFalse(dataDirExists(), "the notice must not create the data dir");
    }
}
