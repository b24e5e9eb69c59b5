package io.waiaas.domain;

import java.util.Optional;

/**
 * Name why an upgrade or rollback was refused or went back, as a stable code that scripts read beside the one-line
 * message ({@code --json} prints it as {@code reason}). A code never changes meaning; new ones may be added.
 */
public enum Reason {
    /** The container image is replaced as a whole, never upgraded in place (DOCK-B2). */
    IN_CONTAINER,
    /** Another upgrade or rollback holds the data dir. */
    UPGRADE_RUNNING,
    /** The target is older than the installed version and {@code --allow-downgrade} was not given. */
    DOWNGRADE_NOT_ALLOWED,
    /** The release failed a supply-chain check: its host, integrity, signature or contents (UPGR-B1). */
    UNTRUSTED_RELEASE,
    /** The database is at a schema newer than the target can read. */
    DATABASE_AHEAD,
    /** The database is older than the target can migrate, and no route of required stops bridges it (CMPT-B2). */
    DATABASE_TOO_OLD,
    /** An upgrade through required stops was not confirmed. */
    NOT_CONFIRMED,
    /** A directory the upgrade writes to cannot be written. */
    NOT_WRITABLE,
    /** Not enough free space for the backup or the new version. */
    DISK_SPACE,
    /** The upgrade journal cannot be written or forced to disk, so a crash could not be recovered. */
    JOURNAL_UNWRITABLE,
    /** The backups cannot be listed or read, so there is nothing known to roll back to. */
    BACKUPS_UNREADABLE,
    /**
     * What brings the installed version back without the network cannot be kept or found (inside npm's global
     * install: its verified package), so a failure or a rollback could strand the operator.
     */
    NO_WAY_BACK,
    /** The running daemon did not stop (step 2). */
    DAEMON_DID_NOT_STOP,
    /** The backup before the upgrade failed (step 3). */
    BACKUP_FAILED,
    /** Fetching, verifying or installing the new version failed (step 4). */
    INSTALL_FAILED,
    /** The new version's migration failed (step 5). */
    MIGRATION_FAILED,
    /** The new version did not report itself or the schema as expected (step 6). */
    VERIFY_FAILED,
    /** The restarted daemon did not answer as the new version in time (step 7). */
    DAEMON_UNHEALTHY,
    /** The journal could not be written while the upgrade was under way. */
    JOURNAL_FAILED,
    /** The upgrade or rollback was interrupted (a crash, {@code kill -9}, power loss) and recovered afterwards. */
    INTERRUPTED;

    /** Return the stable code, lower case with hyphens, such as {@code disk-space}. */
    public String code() {
        return Codes.of(this);
    }

    /** Return the reason whose {@link #code()} is {@code code}, or empty. */
    public static Optional<Reason> fromCode(String code) {
        return Codes.parse(Reason.class, code);
    }

    /**
     * Return the reason a failure of {@code step} (2 to 7) is reported with. Step 1 changes nothing: what fails
     * there is a refusal, named by the check that refused.
     *
     * @throws IllegalArgumentException for {@link UpgradeStep#CHECK}
     */
    public static Reason failedAt(UpgradeStep step) {
        return switch (step) {
            case CHECK -> throw new IllegalArgumentException("step 1 refuses, it does not fail");
            case STOP -> DAEMON_DID_NOT_STOP;
            case BACKUP -> BACKUP_FAILED;
            case INSTALL -> INSTALL_FAILED;
            case MIGRATE -> MIGRATION_FAILED;
            case VERIFY -> VERIFY_FAILED;
            case RESTART -> DAEMON_UNHEALTHY;
        };
    }
}
