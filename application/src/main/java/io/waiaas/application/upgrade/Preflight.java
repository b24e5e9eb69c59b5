package io.waiaas.application.upgrade;

import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.Reason;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.WaiaasException;
import java.util.Optional;

/**
 * Check, before anything changes, that an upgrade to one release can go through (UPGR-B1, UPGR-B4, CMPT-B1):
 * the package may be trusted, the release can take over the database (the one schema decision, {@link
 * SchemaCompatibility#decide}), the directories are writable and there is room for a backup and the new version.
 */
final class Preflight {
    private final UpgradePorts ports;

    Preflight(UpgradePorts ports) {
        this.ports = ports;
    }

    /** Return why an upgrade to {@code release} must be refused, or empty when it may go on. */
    Optional<UpgradeOutcome.Refused> check(PackageRelease release) {
        try {
            ports.installer().verify(release);
        } catch (WaiaasException e) {
            if (e.code() == ErrorCode.REFUSED) {
                return refuse(Reason.UNTRUSTED_RELEASE, e.getMessage());
            }
            throw e;
        }
        Optional<UpgradeOutcome.Refused> schema = schema(release);
        if (schema.isPresent()) {
            return schema;
        }
        Optional<String> unwritable = ports.disk().unwritable();
        if (unwritable.isPresent()) {
            return refuse(Reason.NOT_WRITABLE, unwritable.get() + " is not writable");
        }
        if (ports.disk().backupFree() < ports.disk().backupNeed()) {
            return refuse(
                    Reason.DISK_SPACE,
                    "not enough disk space for the backup: " + mib(ports.disk().backupNeed()) + " needed, "
                            + mib(ports.disk().backupFree()) + " free");
        }
        if (ports.disk().installFree() < ports.disk().installNeed()) {
            return refuse(
                    Reason.DISK_SPACE,
                    "not enough disk space to install " + release.version() + ": "
                            + mib(ports.disk().installNeed()) + " needed, "
                            + mib(ports.disk().installFree())
                            + " free");
        }
        return Optional.empty();
    }

    /** Decide, as the release's own schema gate will, whether it can take the database over. */
    private Optional<UpgradeOutcome.Refused> schema(PackageRelease release) {
        Optional<SchemaVersion> database = ports.schema().current();
        if (release.schema().isEmpty()) {
            return Optional.empty();
        }
        ReleaseSchema target = release.schema().get();
        return switch (SchemaCompatibility.decide(database, target.minCompatible(), target.schemaVersion())) {
            case SchemaCompatibility.Fresh f -> Optional.empty();
            case SchemaCompatibility.UpToDate u -> Optional.empty();
            case SchemaCompatibility.MigrationRequired m -> Optional.empty();
            case SchemaCompatibility.DatabaseAhead ahead ->
                refuse(
                        Reason.DATABASE_AHEAD,
                        "the database (schema " + ahead.database() + ") is newer than " + release.version()
                                + " can read (schema " + ahead.latest() + "); nothing was changed");
            case SchemaCompatibility.DatabaseTooOld old ->
                refuse(
                        Reason.DATABASE_TOO_OLD,
                        "the database (schema " + old.database() + ") is older than " + release.version()
                                + " can migrate (from schema " + old.minCompatible() + "); upgrade through an"
                                + " intermediate release first");
        };
    }

    static Optional<UpgradeOutcome.Refused> refuse(Reason reason, String message) {
        return Optional.of(new UpgradeOutcome.Refused(reason, message));
    }

    private static String mib(long bytes) {
        return (bytes + (1L << 20) - 1) / (1L << 20) + " MiB";
    }
}
