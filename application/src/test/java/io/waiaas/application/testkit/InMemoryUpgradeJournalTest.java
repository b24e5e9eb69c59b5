package io.waiaas.application.testkit;

import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.domain.JournalEntry;

class InMemoryUpgradeJournalTest implements UpgradeJournalContract {
    private final InMemoryUpgradeJournal journal = new InMemoryUpgradeJournal();

    @Override
    public UpgradeJournal newJournal() {
        return journal;
    }

    @Override
    public UpgradeJournal reopen() {
        return journal;
    }

    @Override
    public void tearWhileRecording(JournalEntry entry) {
        journal.tearWhileRecording(entry);
    }
}
