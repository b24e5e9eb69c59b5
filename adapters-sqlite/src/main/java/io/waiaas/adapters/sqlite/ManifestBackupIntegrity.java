package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.BackupIntegrity;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Verify a backup in {@code {dataDir}/backups/{id}/} against its manifest: each file's presence, size and SHA-256. */
final class ManifestBackupIntegrity implements BackupIntegrity {
    private final Path backupsDir;

    ManifestBackupIntegrity(Path backupsDir) {
        this.backupsDir = backupsDir;
    }

    @Override
    public Optional<String> damage(BackupManifest manifest) {
        Path dir = backupsDir.resolve(manifest.id().value());
        if (!Files.isDirectory(dir)) {
            return Optional.of(dir + " is missing");
        }
        for (BackupFile file : manifest.files()) {
            Path path = dir.resolve(file.name());
            try {
                if (!Files.isRegularFile(path)) {
                    return Optional.of(file.name() + " is missing");
                }
                if (Files.size(path) != file.size()) {
                    return Optional.of(file.name() + " does not match its size in the manifest");
                }
                if (!sha256(path).equals(file.sha256())) {
                    return Optional.of(file.name() + " does not match its SHA-256 in the manifest");
                }
            } catch (IOException e) {
                return Optional.of(file.name() + " cannot be read (" + SqliteStorageException.reason(e, path) + ")");
            }
        }
        return Optional.empty();
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
