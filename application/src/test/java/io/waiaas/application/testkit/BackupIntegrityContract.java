package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.BackupIntegrity;
import io.waiaas.domain.BackupManifest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BackupIntegrity} must show: a backup as it was written verifies; one with an altered or
 * missing file does not, and the finding names the file (DOCT-03).
 */
public interface BackupIntegrityContract {

    /** Return the integrity check of a fresh data dir. */
    BackupIntegrity newIntegrity();

    /** Take a real, complete backup of that data dir and return its manifest. */
    BackupManifest takeBackup();

    /** Flip one byte of the backup's database file. */
    void flipAByte(BackupManifest backup);

    /** Remove the backup's files behind the store's back. */
    void deleteBackup(BackupManifest backup);

    @Test
    default void aBackupAsWrittenVerifies() {
        BackupIntegrity integrity = newIntegrity();
        BackupManifest backup = takeBackup();
        assertEquals(Optional.empty(), integrity.damage(backup));
    }

    @Test
    default void aFlippedByteIsFoundAndTheFileNamed() {
        BackupIntegrity integrity = newIntegrity();
        BackupManifest backup = takeBackup();
        flipAByte(backup);
        Optional<String> damage = integrity.damage(backup);
        assertTrue(damage.isPresent(), "a flipped byte went unnoticed");
        assertTrue(damage.get().contains("waiaas.db"), damage.get());
    }

    @Test
    default void aMissingBackupIsFound() {
        BackupIntegrity integrity = newIntegrity();
        BackupManifest backup = takeBackup();
        deleteBackup(backup);
        Optional<String> damage = integrity.damage(backup);
        assertTrue(damage.isPresent(), "a deleted backup went unnoticed");
        assertTrue(damage.get().contains("missing"), damage.get());
    }
}
