package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.BackupIntegrity;
import io.waiaas.application.testkit.BackupIntegrityContract;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.Version;
import io.waiaas.platform.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link BackupIntegrityContract} against real backups of a real SQLite database. */
class ManifestBackupIntegrityIT implements BackupIntegrityContract {
    @TempDir
    Path dataDir;

    private SqliteStorage storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @Override
    public BackupIntegrity newIntegrity() {
        return SqliteStorage.backupIntegrity(dataDir);
    }

    @Override
    public BackupManifest takeBackup() {
        storage = SqliteStorage.open(
                dataDir.resolve("data").resolve("waiaas.db"), new MutableClock(Instant.parse("2026-12-07T06:00:00Z")));
        storage.schemaMigrator().migrate();
        return storage.backupStore(dataDir).create(BackupReason.MANUAL, Version.parse("1.9.0"));
    }

    private Path backupDir(BackupManifest backup) {
        return dataDir.resolve("backups").resolve(backup.id().value());
    }

    @Override
    public void flipAByte(BackupManifest backup) {
        try {
            Path db = backupDir(backup).resolve("waiaas.db");
            byte[] bytes = Files.readAllBytes(db);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(db, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteBackup(BackupManifest backup) {
        try {
            FileTrees.deleteRecursively(backupDir(backup));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
