package io.waiaas.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.application.testkit.UpgradeJournalContract;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.UpgradeStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link UpgradeJournalContract} against the journal file of a real data dir. */
class FileUpgradeJournalIT implements UpgradeJournalContract {
    @TempDir
    Path dataDir;

    @TempDir
    Path elsewhere;

    @Override
    public UpgradeJournal newJournal() {
        return new FileUpgradeJournal(dataDir);
    }

    @Override
    public UpgradeJournal reopen() {
        return new FileUpgradeJournal(dataDir);
    }

    @Override
    public void tearWhileRecording(JournalEntry entry) {
        byte[] whole = lineOf(entry);
        append(Arrays.copyOf(whole, whole.length / 2));
    }

    /** Return the bytes the journal writes for {@code entry}, as recorded into a journal of its own. */
    private byte[] lineOf(JournalEntry entry) {
        try {
            Path scratch = Files.createTempDirectory(elsewhere, "journal");
            new FileUpgradeJournal(scratch).record(entry);
            return Files.readAllBytes(scratch.resolve("upgrade.journal"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(byte[] bytes) {
        try {
            Files.write(journalFile(), bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path journalFile() {
        return dataDir.resolve("upgrade.journal");
    }

    @Test
    void keepsOneLineAnEntryInTheDataDirAndRemovesTheFileWhenCleared() throws IOException {
        UpgradeJournal journal = newJournal();
        journal.record(UpgradeJournalContract.upgradeAt(UpgradeStep.BACKUP));
        journal.record(UpgradeJournalContract.upgradeAt(UpgradeStep.INSTALL));
        assertEquals(
                2, Files.readAllLines(journalFile(), StandardCharsets.UTF_8).size());
        journal.clear();
        assertFalse(Files.exists(journalFile()));
    }

    @Test
    void aWriteTornAtAnyByteFallsBackOrIsWholeAndTheNextEntryIsReadBack() throws IOException {
        JournalEntry before = UpgradeJournalContract.upgradeAt(UpgradeStep.BACKUP);
        JournalEntry torn = before.at(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED);
        JournalEntry after = before.at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE);
        byte[] line = lineOf(torn);
        for (int cut = 1; cut < line.length; cut++) {
            newJournal().clear();
            newJournal().record(before);
            append(Arrays.copyOf(line, cut));
            Optional<JournalEntry> read = reopen().read();
            assertTrue(
                    read.equals(Optional.of(before)) || read.equals(Optional.of(torn)),
                    "cut at byte " + cut + " read " + read);
            reopen().record(after);
            assertEquals(Optional.of(after), reopen().read(), "cut at byte " + cut);
        }
    }

    @Test
    void aDamagedLineAmongGoodOnesIsSkipped() throws IOException {
        JournalEntry first = UpgradeJournalContract.upgradeAt(UpgradeStep.BACKUP);
        newJournal().record(first);
        append("{\"kind\":\"UPGRADE\",\"step\":\"NO_SUCH_STEP\"}\nnot json at all\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(first), reopen().read());
        List<String> lines = Files.readAllLines(journalFile(), StandardCharsets.UTF_8);
        assertEquals(3, lines.size(), "reading changed the journal");
    }
}
