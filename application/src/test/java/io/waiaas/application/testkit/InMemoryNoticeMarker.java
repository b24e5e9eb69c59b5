package io.waiaas.application.testkit;

import io.waiaas.application.port.out.NoticeMarker;
import io.waiaas.domain.UpdateNoticePolicy;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keep the update notice marker in memory, as text plus a time like the file and its modification time; the
 * verified fake of {@link NoticeMarker}; thread-safe.
 */
public final class InMemoryNoticeMarker implements NoticeMarker {
    private final boolean dataDirExists;
    private final List<UpdateNoticePolicy.Shown> recorded = new ArrayList<>();
    private Optional<String> text = Optional.empty();
    private Instant modified = Instant.EPOCH;
    private boolean unreadable;
    private RuntimeException failure;

    /** Create the marker of a data dir that exists and holds no marker yet. */
    public InMemoryNoticeMarker() {
        this(true);
    }

    private InMemoryNoticeMarker(boolean dataDirExists) {
        this.dataDirExists = dataDirExists;
    }

    /** Create the marker of a data dir that does not exist, where nothing can be recorded. */
    public static InMemoryNoticeMarker withoutDataDir() {
        return new InMemoryNoticeMarker(false);
    }

    @Override
    public synchronized Optional<UpdateNoticePolicy.Shown> lastShown() {
        failIfAsked();
        if (unreadable) {
            return Optional.empty();
        }
        return text.flatMap(t -> Version.tryParse(t.strip())).map(v -> new UpdateNoticePolicy.Shown(v, modified));
    }

    @Override
    public synchronized void recordShown(UpdateNoticePolicy.Shown shown) {
        Objects.requireNonNull(shown, "shown");
        failIfAsked();
        if (!dataDirExists) {
            return;
        }
        text = Optional.of(shown.version() + "\n");
        modified = shown.at();
        unreadable = false;
        recorded.add(shown);
    }

    /** Replace the marker's text, as a foreign or broken writer would. */
    public synchronized void write(String text) {
        this.text = Optional.of(Objects.requireNonNull(text, "text"));
        this.unreadable = false;
    }

    /** Make the marker impossible to read until the next {@link #recordShown}. */
    public synchronized void makeUnreadable() {
        unreadable = true;
    }

    /** Make every following call throw {@code failure}, as a broken file system would. */
    public synchronized void failWith(RuntimeException failure) {
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** Return every notice recorded through {@link #recordShown}, oldest first. */
    public synchronized List<UpdateNoticePolicy.Shown> recorded() {
        return List.copyOf(recorded);
    }

    /** Tell whether the marker's data dir exists. */
    public boolean dataDirExists() {
        return dataDirExists;
    }

    private void failIfAsked() {
        if (failure != null) {
            throw failure;
        }
    }
}
