package io.waiaas.application.port.out;

import io.waiaas.domain.JournalEntry;
import java.util.Optional;

/** Keep the upgrade journal, so a crash at any point can be completed or rolled back (SPEC UPGR-B5). */
public interface UpgradeJournal {

    /** Return the last entry recorded, or empty when no upgrade is under way; a torn last write is ignored. */
    Optional<JournalEntry> read();

    /** Record {@code entry}; it is on disk when this returns. */
    void record(JournalEntry entry);

    /** Remove the journal: nothing is under way any more. */
    void clear();
}
