package io.waiaas.application.testkit;

import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.domain.JournalEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Keep the upgrade journal of one data dir in memory, entry by entry; the verified fake of {@link UpgradeJournal};
 * thread-safe. One instance is the data dir: it outlives the commands (services) that use it.
 *
 * <p>Its operations fail on demand through {@link #failures()}: {@code "prepare"}, {@code "record"} (a full or failing
 * disk), {@code "clear"}; a failed record leaves the entries before it, as a torn write does.
 */
public final class InMemoryUpgradeJournal implements UpgradeJournal {
    /** Where the fake pretends the journal is kept. */
    public static final String LOCATION = "/fake/data/upgrade.journal";

    private final List<JournalEntry> recorded = new ArrayList<>();
    private final Failures failures = new Failures();
    private int prepared;
    private boolean exists;

    /** Return the failures its operations throw on demand. */
    public Failures failures() {
        return failures;
    }

    /** Return every entry recorded since the last clear, oldest first. */
    public synchronized List<JournalEntry> entries() {
        return List.copyOf(recorded);
    }

    /** Tell whether the journal is kept at all, as its file would be: from a prepare or a record to a clear. */
    public synchronized boolean exists() {
        return exists;
    }

    /** Return how often the journal was prepared. */
    public synchronized int preparations() {
        return prepared;
    }

    @Override
    public synchronized void prepare() {
        failures.check("prepare");
        prepared++;
        exists = true;
    }

    @Override
    public String location() {
        return LOCATION;
    }

    @Override
    public synchronized Optional<JournalEntry> read() {
        return recorded.isEmpty() ? Optional.empty() : Optional.of(recorded.getLast());
    }

    /**
     * Stand for the process dying (a crash, {@code kill -9}) right after a record: an {@link Error}, which no use
     * case catches, so nothing more of the command runs; what it had done stays done.
     */
    public static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(JournalEntry entry) {
            super("the process died right after recording " + entry.describe());
        }
    }

    private Predicate<JournalEntry> crashAfter = entry -> false;

    /** Let the process die right after the first record that {@code when} accepts is on disk. */
    public synchronized void crashAfterRecording(Predicate<JournalEntry> when) {
        crashAfter = Objects.requireNonNull(when, "when");
    }

    @Override
    public synchronized void record(JournalEntry entry) {
        failures.check("record");
        exists = true;
        recorded.add(entry);
        if (crashAfter.test(entry)) {
            crashAfter = e -> false;
            throw new Crash(entry);
        }
    }

    @Override
    public synchronized void clear() {
        failures.check("clear");
        recorded.clear();
        exists = false;
    }

    /** Let a power cut interrupt the recording of {@code entry}: the torn write is lost, the entries before stay. */
    public void tearWhileRecording(JournalEntry entry) {
        // Nothing of a torn write is ever read back, so nothing of it is kept.
    }
}
