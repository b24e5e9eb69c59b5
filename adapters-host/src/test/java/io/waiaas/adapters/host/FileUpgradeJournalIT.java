package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.application.testkit.UpgradeJournalContract;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.UpgradeStep;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        writeWhereTheNextRecordGoes(Arrays.copyOf(whole, whole.length / 2));
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

    /**
     * Write {@code bytes} where the journal writes its next record: after the newline that ends the last one, over
     * the blank lines a prepared journal reserves, or at the end of a journal that reserves none.
     */
    private void writeWhereTheNextRecordGoes(byte[] bytes) {
        try {
            byte[] now = Files.exists(journalFile()) ? Files.readAllBytes(journalFile()) : new byte[0];
            int end = now.length;
            while (end > 0 && now[end - 1] == '\n') {
                end--;
            }
            int at = end == 0 ? 0 : end + 1;
            try (RandomAccessFile file = new RandomAccessFile(journalFile().toFile(), "rw")) {
                file.seek(at);
                file.write(bytes);
            }
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

    @ParameterizedTest(name = "prepared first: {0}")
    @ValueSource(booleans = {false, true})
    void aWriteTornAtAnyByteFallsBackOrIsWholeAndTheNextEntryIsReadBack(boolean prepared) throws IOException {
        JournalEntry before = UpgradeJournalContract.upgradeAt(UpgradeStep.BACKUP);
        JournalEntry torn = before.at(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED);
        JournalEntry after = before.at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE);
        byte[] line = lineOf(torn);
        for (int cut = 1; cut < line.length; cut++) {
            newJournal().clear();
            if (prepared) {
                newJournal().prepare();
            }
            newJournal().record(before);
            writeWhereTheNextRecordGoes(Arrays.copyOf(line, cut));
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
        writeWhereTheNextRecordGoes(
                "{\"kind\":\"UPGRADE\",\"step\":\"NO_SUCH_STEP\"}\nnot json at all\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(first), reopen().read());
        List<String> lines = Files.readAllLines(journalFile(), StandardCharsets.UTF_8);
        assertEquals(3, lines.size(), "reading changed the journal");
    }

    @Test
    void aPreparedJournalReservesTheRoomItsRecordsTakeSoTheyDoNotGrowTheFile() throws IOException {
        UpgradeJournal journal = newJournal();
        journal.prepare();
        long reserved = Files.size(journalFile());
        assertTrue(reserved >= FileUpgradeJournal.RESERVED_BYTES, "reserved " + reserved);
        JournalEntry entry = UpgradeJournalContract.upgradeAt(UpgradeStep.STOP);
        for (UpgradeStep step : UpgradeStep.values()) {
            entry = entry.at(step, JournalEntry.Phase.STARTED);
            journal.record(entry);
            entry = entry.at(step, JournalEntry.Phase.DONE);
            journal.record(entry);
        }
        assertEquals(reserved, Files.size(journalFile()), "the records of a whole upgrade fit in the reserve");
        assertEquals(Optional.of(entry), reopen().read());
    }

    @Test
    void readsAJournalWrittenByAnEarlierVersion() throws IOException {
        // One line as waiaas 0.1.0 wrote it: no daemonPid, no reserve of blank lines.
        Files.writeString(
                journalFile(),
                "{\"kind\":\"UPGRADE\",\"step\":\"MIGRATE\",\"phase\":\"STARTED\",\"from\":\"0.1.0\","
                        + "\"to\":\"0.1.1\",\"backup\":\"pre-upgrade-0.1.0-20261126070000\","
                        + "\"daemonWasRunning\":true,\"switched\":false}\n",
                StandardCharsets.UTF_8);
        JournalEntry read = reopen().read().orElseThrow();
        assertEquals(UpgradeStep.MIGRATE, read.step());
        assertEquals(Optional.of(BackupId.of("pre-upgrade-0.1.0-20261126070000")), read.backup());
        assertEquals(Optional.empty(), read.daemon());
        JournalEntry next = read.at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE);
        reopen().record(next);
        assertEquals(Optional.of(next), reopen().read());
    }
}
