package io.waiaas.application.port.out;

import io.waiaas.domain.UpdateNoticePolicy;
import java.util.Optional;

/** Remember which update notice the CLI last showed, and when ({@code {dataDir}/.last-update-notify}). */
public interface NoticeMarker {

    /** Return the notice shown last, or empty when none was (or the marker is unreadable). */
    Optional<UpdateNoticePolicy.Shown> lastShown();

    /** Record that the notice for {@code shown.version()} was shown at {@code shown.at()}. */
    void recordShown(UpdateNoticePolicy.Shown shown);
}
