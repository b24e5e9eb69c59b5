package io.waiaas.application.port.out;

import io.waiaas.domain.BackupManifest;
import java.util.Optional;

/** Prove a backup whole by its manifest (BKUP-02): every file present, of its size and SHA-256. */
public interface BackupIntegrity {

    /** Return what is wrong with backup {@code manifest} (a missing, resized or altered file), or empty when whole. */
    Optional<String> damage(BackupManifest manifest);
}
