package io.waiaas.application.schema;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.OperatorLog;
import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.application.port.out.StopAdvisor;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Apply the schema compatibility decision (CMPT-01/02/03): create a new database, back up and migrate an older one, and
 * refuse (exit 5, writing nothing) one that is ahead of this build or older than it can migrate.
 *
 * <p>The one gate behind daemon start and {@code waiaas db migrate}; {@code waiaas db status} shows its decision
 * (CMPT-B1).
 */
public final class SchemaGate {
    private final SchemaHistory history;
    private final SchemaMigrator migrator;
    private final BackupStore backups;
    private final BackupPolicy policy;
    private final Version version;
    private final OperatorLog log;
    private final StopAdvisor stops;
    private final boolean restoreOnDowngrade;

    /**
     * Create the gate of build {@code version}.
     *
     * @param backups where the {@code pre-migration} backup goes (CMPT-01)
     * @param policy the retention applied to backups after one was taken
     * @param log where the gate tells the operator what it did
     */
    public SchemaGate(
            SchemaHistory history,
            SchemaMigrator migrator,
            BackupStore backups,
            BackupPolicy policy,
            Version version,
            OperatorLog log) {
        this(history, migrator, backups, policy, version, log, StopAdvisor.NONE);
    }

    /**
     * Create the gate of build {@code version} that names the concrete intermediate versions when it refuses a
     * database too old for this build (CMPT-03), as {@code stops} suggests them.
     *
     * @param stops asked only when refusing a too-old database; no advice leaves the generic steps
     */
    public SchemaGate(
            SchemaHistory history,
            SchemaMigrator migrator,
            BackupStore backups,
            BackupPolicy policy,
            Version version,
            OperatorLog log,
            StopAdvisor stops) {
        this(history, migrator, backups, policy, version, log, stops, false);
    }

    private SchemaGate(
            SchemaHistory history,
            SchemaMigrator migrator,
            BackupStore backups,
            BackupPolicy policy,
            Version version,
            OperatorLog log,
            StopAdvisor stops,
            boolean restoreOnDowngrade) {
        this.restoreOnDowngrade = restoreOnDowngrade;
        this.stops = Objects.requireNonNull(stops, "stops");
        this.history = Objects.requireNonNull(history, "history");
        this.migrator = Objects.requireNonNull(migrator, "migrator");
        this.backups = Objects.requireNonNull(backups, "backups");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.version = Objects.requireNonNull(version, "version");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Return this gate, but one that puts back the backup taken right before a newer build migrated the database,
     * instead of refusing it, when {@code restore} is set ({@code [daemon] restore_on_downgrade}, DOCK-B3). The data
     * it replaces is kept as a {@code pre-rollback} backup. Only daemon start uses it.
     */
    public SchemaGate restoringOnDowngrade(boolean restore) {
        return new SchemaGate(history, migrator, backups, policy, version, log, stops, restore);
    }

    /** Decide, without writing anything, what this build may do with the database. */
    public SchemaCompatibility decide() {
        return inspect().decision();
    }

    /** Say what migrating the database down to {@code target} would do (UPGR-B9); changes nothing. */
    public SchemaDowngrade planDowngrade(SchemaVersion target) {
        return migrator.planDowngrade(target);
    }

    /** Migrate the database down to {@code target} with this build's down scripts, in one transaction (UPGR-B9). */
    public SchemaDowngrade downgrade(SchemaVersion target) {
        return migrator.downgrade(target);
    }

    /** Report the database's schema, this build's range and the decision, without writing anything. */
    public SchemaReport inspect() {
        Optional<SchemaVersion> database = history.current();
        SchemaVersion latest = migrator.latest();
        SchemaVersion minCompatible = migrator.minCompatible();
        return new SchemaReport(
                database, latest, minCompatible, SchemaCompatibility.decide(database, minCompatible, latest));
    }

    /** Return the newest schema this build knows. */
    public SchemaVersion latest() {
        return migrator.latest();
    }

    /**
     * Refuse (exit 5), reading only, what {@link #apply} would refuse (a database newer than it reads and, restoring
     * on downgrade, without a backup to put back; or older than it migrates): a daemon asks before it binds its port.
     */
    public void refuseIfIncompatible() {
        switch (decide()) {
            case SchemaCompatibility.DatabaseAhead ahead
            when restoreOnDowngrade ->
                new DowngradeRestoration(backups, migrator, version, log)
                        .choose(refusal(ahead).getMessage());
            case SchemaCompatibility.DatabaseAhead ahead -> throw refusal(ahead);
            case SchemaCompatibility.DatabaseTooOld old -> throw refusal(old);
            default -> {} // fresh, up to date, to migrate or to restore: apply() does it behind an open /health
        }
    }

    /**
     * Bring the database to this build's schema, or refuse (exit 5) without writing anything.
     *
     * <p>A database behind this build is backed up ({@code pre-migration}) before the first migration runs; when
     * the backup cannot be taken, nothing is migrated. A new database is created without a backup. A database ahead
     * of this build is refused, or, by a gate {@link #restoringOnDowngrade restoring on downgrade}, replaced by the
     * backup taken before it was migrated.
     *
     * @return what was done
     */
    public MigrationResult apply() {
        SchemaCompatibility decision = decide();
        if (restoreOnDowngrade && decision instanceof SchemaCompatibility.DatabaseAhead ahead) {
            new DowngradeRestoration(backups, migrator, version, log)
                    .restore(ahead, refusal(ahead).getMessage());
            decision = decide();
        }
        return switch (decision) {
            case SchemaCompatibility.Fresh fresh -> {
                SchemaVersion reached = migrator.migrate();
                log.info("created the database at schema " + reached);
                yield new MigrationResult(decision, reached, Optional.empty());
            }
            case SchemaCompatibility.UpToDate upToDate ->
                new MigrationResult(decision, upToDate.version(), Optional.empty());
            case SchemaCompatibility.MigrationRequired required -> migrate(required);
            case SchemaCompatibility.DatabaseAhead ahead -> throw refusal(ahead);
            case SchemaCompatibility.DatabaseTooOld old -> throw refusal(old);
        };
    }

    private MigrationResult migrate(SchemaCompatibility.MigrationRequired required) {
        BackupManifest backup;
        try {
            backup = backups.create(BackupReason.PRE_MIGRATION, version);
        } catch (WaiaasException e) {
            throw new ApplicationException(
                    e.code(),
                    "cannot take the pre-migration backup, so the database was" + " left at schema " + required.from()
                            + ": " + e.getMessage(),
                    e);
        }
        SchemaVersion reached;
        try {
            reached = migrator.migrate();
        } catch (WaiaasException e) {
            throw new ApplicationException(
                    e.code(),
                    "migrating the database from schema " + required.from()
                            + " failed: " + e.getMessage() + "; the data from before is in backup " + backup.id()
                            + " (waiaas backup restore " + backup.id() + ")",
                    e);
        }
        log.info("migrated database from schema " + required.from() + " to " + reached + " (backup: " + backup.id()
                + ")");
        prune();
        return new MigrationResult(required, reached, Optional.of(backup));
    }

    /** Apply retention after a backup; a failure to delete an old backup never fails the migration that ran. */
    private void prune() {
        try {
            List<BackupId> pruned = backups.prune(policy);
            if (!pruned.isEmpty()) {
                log.info("removed old backups: "
                        + String.join(", ", pruned.stream().map(BackupId::value).toList()));
            }
        } catch (WaiaasException e) {
            log.warn("could not remove old backups: " + e.getMessage());
        }
    }

    /** Build the refusal (exit 5) for a decision that does not allow this build to touch the database. */
    ApplicationException refusal(SchemaCompatibility decision) {
        return switch (decision) {
            case SchemaCompatibility.DatabaseAhead ahead ->
                ApplicationException.refused(
                        "the database is at schema " + ahead.database() + ", newer than schema " + ahead.latest()
                                + " of this build (waiaas " + version + "); it was left untouched; run: waiaas upgrade"
                                + " (in a container: run a newer image)");
            case SchemaCompatibility.DatabaseTooOld old -> ApplicationException.refused(tooOld(old));
            default -> throw new IllegalArgumentException("not a refusal: " + decision);
        };
    }

    private String tooOld(SchemaCompatibility.DatabaseTooOld old) {
        String head = "the database is at schema " + old.database() + ", older than schema " + old.minCompatible()
                + ", the oldest this build (waiaas " + version + ") migrates from; it was left untouched.";
        List<Version> route = stops.route(old.database(), version, migrator.latest(), old.minCompatible());
        if (!route.isEmpty()) {
            StringBuilder steps = new StringBuilder(head).append(" Step by step:");
            int n = 1;
            for (Version stop : route) {
                steps.append(' ')
                        .append(n++)
                        .append(". install waiaas ")
                        .append(stop)
                        .append(" (waiaas upgrade --to ")
                        .append(stop)
                        .append(" --allow-downgrade);")
                        .append(' ')
                        .append(n++)
                        .append(". run: waiaas db migrate;");
            }
            steps.append(' ').append(n).append(". run: waiaas upgrade");
            return steps.toString();
        }
        return head + " Step by step: 1. install a waiaas release that migrates schema " + old.database()
                + " to at least " + old.minCompatible() + " (its package.json declares"
                + " waiaas.minCompatibleSchemaVersion <= " + old.database() + " and"
                + " waiaas.schemaVersion >= " + old.minCompatible() + "); 2. run: waiaas db migrate;"
                + " 3. run: waiaas upgrade";
    }
}
