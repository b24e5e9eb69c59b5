package io.waiaas.application.port.out;

import io.waiaas.domain.JournalEntry;
import java.util.Optional;

/** Keep the upgrade journal, so a crash at any point can be completed or rolled back (UPGR-B5). */
public interface UpgradeJournal {

    /**
     * Make sure the journal can be written and forced to disk, and reserve the room its records take, so that a
     * full disk cannot keep the next records from being written. Called before an upgrade or rollback changes
     * anything; leaves no entry ({@link #read} stays empty).
     *
     * @throws io.waiaas.domain.WaiaasException FAILED, naming the file and the cause, when it cannot
     */
    void prepare();

    /** Return where the journal is kept, as an operator finds it (a file's path), for manual recovery steps. */
    String location();

    /** Return the last entry recorded, or empty when no upgrade is under way; a torn last write is ignored. */
    Optional<JournalEntry> read();

    /** Record {@code entry}; it is on disk when this returns. */
    void record(JournalEntry entry);

    /** Remove the journal: nothing is under way any more. */
    void clear();
}
