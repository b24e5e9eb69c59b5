package io.waiaas.application.port.out;

import java.util.Optional;

/** Tell how much room an upgrade needs and has (UPGR-B4). */
public interface DiskSpace {

    /** Return the bytes free on the file system that holds the backups. */
    long backupFree();

    /** Return the bytes a backup of the current database and config takes. */
    long backupNeed();

    /** Return the bytes free on the file system that holds the installed versions. */
    long installFree();

    /** Return the bytes one more installed version takes (about the size of the running one). */
    long installNeed();

    /**
     * Return the first of the data dir, its backups dir and the install root that cannot be written to, or empty when
     * all can.
     */
    Optional<String> unwritable();
}
