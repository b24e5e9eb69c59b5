package io.waiaas.application.testkit;

import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.domain.JournalEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keep the upgrade journal of one data dir in memory, entry by entry; the verified fake of {@link UpgradeJournal};
 * thread-safe. One instance is the data dir: it outlives the commands (services) that use it.
 */
public final class InMemoryUpgradeJournal implements UpgradeJournal {
    private final List<JournalEntry> recorded = new ArrayList<>();

    @Override
    public synchronized Optional<JournalEntry> read() {
        return recorded.isEmpty() ? Optional.empty() : Optional.of(recorded.getLast());
    }

    @Override
    public synchronized void record(JournalEntry entry) {
        recorded.add(entry);
    }

    @Override
    public synchronized void clear() {
        recorded.clear();
    }

    /** Let a power cut interrupt the recording of {@code entry}: the torn write is lost, the entries before stay. */
    public void tearWhileRecording(JournalEntry entry) {
        // Nothing of a torn write is ever read back, so nothing of it is kept.
    }
}
