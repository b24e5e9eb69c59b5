package io.waiaas.application.upgrade;

import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.Reason;
import io.waiaas.domain.UpgradeOutcome;
import java.util.Optional;

/**
 * Begin the journal of an upgrade or rollback before anything changes (UPGR-B5): prepare it (its room reserved and
 * proven writable and syncable) and record the first entry. A journal that cannot be begun is a refusal that leaves
 * nothing behind — not even the journal file.
 */
final class JournalStart {
    private JournalStart() {}

    /** Prepare {@code journal} and record {@code first}; return the refusal when either fails. */
    static Optional<UpgradeOutcome.Refused> begin(UpgradeJournal journal, JournalEntry first) {
        try {
            journal.prepare();
            journal.record(first);
            return Optional.empty();
        } catch (RuntimeException e) {
            try {
                journal.clear();
            } catch (RuntimeException ignored) {
                // A journal that cannot be removed either holds no record: it is nothing under way.
            }
            return Optional.of(
                    new UpgradeOutcome.Refused(Reason.JOURNAL_UNWRITABLE, Messages.of(e) + "; nothing was changed"));
        }
    }
}
