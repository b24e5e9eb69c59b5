package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.BackupCreated;
import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.CheckResult;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.in.InspectSchema;
import io.waiaas.application.port.in.ManageBackups;
import io.waiaas.application.port.in.MigrateSchema;
import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.NotifyUpdates;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.RestoreResult;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.application.port.in.StopResult;
import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CliTest {
    private static final String SHA = "ab".repeat(32);

    private final StubControl control = new StubControl();
    private final StubUpdates updates = new StubUpdates();
    private final StubUpgrades upgrades = new StubUpgrades();
    private final StubBackups backups = new StubBackups();
    private final StubSchema schema = new StubSchema();
    private final List<String> asked = new ArrayList<>();
    private Optional<Boolean> answer = Optional.empty();
    private final List<GlobalOptions> opened = new ArrayList<>();
    private Map<String, String> env = Map.of();
    private boolean terminal;

    @Test
    void versionPrintsTheVersionAlone() {
        Result r = run("--version");
        assertEquals(0, r.exit());
        assertEquals("1.2.3\n", r.out());
        assertEquals("", r.err());
        assertTrue(opened.isEmpty(), "--version must not open anything");
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(
                r.out().contains("start") && r.out().contains("stop") && r.out().contains("status"), r.out());
    }

    @Test
    void anUnknownCommandIsAUsageErrorOnStderr() {
        Result r = run("frobnicate");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("waiaas: "), r.err());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, run().exit());
    }

    @Test
    void globalOptionsWorkAfterTheSubcommand() {
        Result r = run("stop", "--quiet", "--data-dir", "/tmp/x", "--no-color");
        assertEquals(0, r.exit());
        assertEquals(List.of(new GlobalOptions(Optional.of(Path.of("/tmp/x")), true, true, false)), opened);
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommand() {
        assertEquals(0, run("-q", "--data-dir=/tmp/y", "status").exit());
        assertEquals(new GlobalOptions(Optional.of(Path.of("/tmp/y")), true, false, false), opened.get(0));
    }

    @Test
    void stopWhenStoppedSaysSoAndSucceeds() {
        control.stop = new StopResult.NotRunning(false);
        Result r = run("stop");
        assertEquals(0, r.exit());
        assertEquals("waiaas is not running\n", r.out());
    }

    @Test
    void stopMentionsACleanedStalePidFile() {
        control.stop = new StopResult.NotRunning(true);
        assertEquals(
                "waiaas is not running (removed a stale pid file)\n",
                run("stop").out());
    }

    @Test
    void statusAsJsonCarriesTheHealthFields() throws Exception {
        control.status = new DaemonStatus.Running(77, 3100, health());
        Result r = run("status", "--json");
        assertEquals(0, r.exit());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("running", json.get("state").textValue());
        assertEquals(77, json.get("pid").intValue());
        assertEquals("1.3.0", json.get("latestVersion").textValue());
        assertTrue(json.get("updateAvailable").booleanValue());
    }

    @Test
    void statusWhenStoppedIsOneLine() {
        assertEquals("waiaas is stopped\n", run("status").out());
    }

    @Test
    void anExpectedFailureIsOneLineWithItsExitCodeAndNoStackTrace() {
        control.failure = ApplicationException.refused("waiaas is already running (pid 9)");
        Result r = run("start", "-d");
        assertEquals(5, r.exit());
        assertEquals("waiaas: waiaas is already running (pid 9)\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aCommandLineGetsOnlyTheSubcommandsItNames() {
        assertEquals(
                List.of(StartCommand.class),
                Cli.subcommandsFor(new String[] {"--data-dir", "/srv/waiaas", "-q", "start", "-d", "-q"}));
        assertEquals(List.of(UpgradeCommand.class), Cli.subcommandsFor(new String[] {"update", "--to", "^1.2"}));
        assertEquals(List.of(StatusCommand.class, DbCommand.class), Cli.subcommandsFor(new String[] {"db", "status"}));
        assertEquals(7, Cli.subcommandsFor(new String[] {"--help"}).size());
        assertEquals(7, Cli.subcommandsFor(new String[] {"help", "start"}).size());
        assertEquals(7, Cli.subcommandsFor(new String[] {"statsu"}).size());
        assertEquals(7, Cli.subcommandsFor(new String[0]).size());
    }

    @Test
    void startDoesNotRunOnTopOfAnInterruptedUpgradeThatCouldNotBePutRight() {
        upgrades.recovered = Optional.of(new UpgradeOutcome.RollbackFailed(
                UpgradeStep.MIGRATE,
                "the upgrade was interrupted",
                "the backup is damaged",
                List.of("waiaas stop", "waiaas start -d")));
        control.failure = ApplicationException.failed("must not be called");
        Result r = run("start", "-d");
        assertEquals(4, r.exit());
        assertTrue(
                r.err()
                        .startsWith(
                                "waiaas: upgrade failed at step 5 (migrate): the upgrade was interrupted;"
                                        + " the rollback failed too: the backup is damaged\nTo recover by hand:\n  1. waiaas stop\n"),
                r.err());
        assertFalse(control.started, "a daemon was started on top of a failed recovery");
    }

    @Test
    void verboseAddsTheStackTrace() {
        control.failure = ApplicationException.failed("boom");
        Result r = run("start", "-d", "--verbose");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("waiaas: boom\n"));
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void anUnexpectedFailureExitsOne() {
        control.unexpected = new IllegalStateException("surprise");
        Result r = run("status");
        assertEquals(1, r.exit());
        assertFalse(r.err().contains("\tat "));
    }

    @Test
    void theNoticeIsFramedOnStderrOnATerminal() {
        terminal = true;
        Result r = run("status");
        assertEquals(0, r.exit());
        assertEquals("waiaas is stopped\n", r.out());
        assertTrue(r.err().contains("Update available: 1.2.3 \u2192 9.9.9"), r.err());
        assertTrue(r.err().contains("Run: waiaas upgrade"), r.err());
        assertTrue(r.err().contains("\u256d") && r.err().contains("\u256f"), "framed: " + r.err());
    }

    @Test
    void theNoticeHasNoColourWithNoColor() {
        terminal = true;
        assertFalse(run("status", "--no-color").err().contains("\u001b["));
        env = Map.of("NO_COLOR", "");
        assertFalse(run("status").err().contains("\u001b["));
        env = Map.of();
        assertTrue(run("status").err().contains("\u001b["));
    }

    @Test
    void eachSuppressionHidesTheNoticeAndAsksNothing() {
        terminal = true;
        List<Map<String, String>> envs =
                List.of(Map.of("WAIAAS_NO_UPDATE_NOTIFY", "1"), Map.of("NO_UPDATE_NOTIFIER", ""), Map.of("CI", "true"));
        for (Map<String, String> e : envs) {
            env = e;
            assertEquals("", run("status").err(), e.toString());
        }
        env = Map.of();
        assertEquals("", run("status", "-q").err());
        assertEquals("", run("--quiet", "stop").err());
        terminal = false;
        assertEquals("", run("status").err());
        assertEquals(0, updates.asked, "a suppressed notice must not even be looked up");
    }

    @Test
    void upgradeVersionAndHelpNeverShowTheNotice() {
        terminal = true;
        updates.target = new TargetCheck.UpToDate(Version.parse("1.2.3"), Version.parse("1.2.3"));
        assertFalse(run("upgrade", "--check").err().contains("Update available"));
        assertFalse(run("update", "--check").err().contains("Update available"));
        assertFalse(run("--version").err().contains("Update available"));
        assertFalse(run("status", "--help").err().contains("Update available"));
    }

    @Test
    void aFailingLookupNeverChangesTheCommand() {
        terminal = true;
        updates.failure = new IllegalStateException("database on fire");
        Result r = run("status");
        assertEquals(0, r.exit());
        assertEquals("waiaas is stopped\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void upgradeCheckPrintsTheTargetAndHowToGetThere() {
        updates.target = new TargetCheck.UpdateAvailable(Version.parse("1.2.3"), Version.parse("1.3.0"));
        Result r = run("upgrade", "--check");
        assertEquals(0, r.exit());
        assertEquals("Update available: 1.2.3 \u2192 1.3.0\nRun: waiaas upgrade\n", r.out());
        assertEquals(Optional.empty(), updates.askedTo);

        Result ranged = run("upgrade", "--check", "--to", "^1.2");
        assertEquals(Optional.of("^1.2"), updates.askedTo);
        assertTrue(ranged.out().endsWith("Run: waiaas upgrade --to 1.3.0\n"), ranged.out());
    }

    @Test
    void upgradeCheckWhenUpToDate() {
        updates.target = new TargetCheck.UpToDate(Version.parse("1.2.3"), Version.parse("1.2.3"));
        assertEquals("Already up to date (1.2.3)\n", run("upgrade", "--check").out());
    }

    @Test
    void upgradeCheckAsJson() throws Exception {
        updates.target = new TargetCheck.Downgrade(Version.parse("1.2.3"), Version.parse("1.0.0"));
        JsonNode json =
                new ObjectMapper().readTree(run("upgrade", "--check", "--json").out());
        assertEquals("1.2.3", json.get("current").textValue());
        assertEquals("1.0.0", json.get("target").textValue());
        assertFalse(json.get("updateAvailable").booleanValue());
        assertTrue(json.get("downgrade").booleanValue());
    }

    @Test
    void upgradeCheckFailuresAreOneLine() {
        updates.checkFailure = ApplicationException.failed("npm registry answered HTTP 500");
        Result registry = run("upgrade", "--check");
        assertEquals(1, registry.exit());
        assertEquals("waiaas: npm registry answered HTTP 500\n", registry.err());
        updates.checkFailure = io.waiaas.domain.DomainException.invalid("not a version, tag or range: '^^1'");
        Result usage = run("upgrade", "--check", "--to", "^^1");
        assertEquals(2, usage.exit());
        assertEquals(1, usage.err().lines().count());
    }

    @Test
    void upgradeAnnouncesStepsAndEndsWithTheOutcome() {
        upgrades.outcome = new UpgradeOutcome.Upgraded(
                Version.parse("1.2.3"), Version.parse("1.3.0"), BackupId.of("pre-upgrade-1.2.3-20261126000000"));
        Result r = run("upgrade", "--to", "1.3.0", "--no-start");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("[1/7] check: resolving\n      done in 1.5 s: 1.2.3 \u2192 1.3.0\n"), r.out());
        assertTrue(r.out().contains("Upgrade complete: 1.2.3 \u2192 1.3.0\n"), r.out());
        assertEquals(new UpgradeRequest(Optional.of("1.3.0"), false, true, false), upgrades.request);
    }

    @Test
    void aDryRunWithRequiredStopsPrintsTheRoute() {
        upgrades.outcome = new UpgradeOutcome.Planned(
                Version.parse("1.0.0"),
                Version.parse("2.0.0"),
                false,
                List.of(Version.parse("1.2.0"), Version.parse("1.5.0"), Version.parse("2.0.0")));
        Result r = run("upgrade", "--dry-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Required stops: 1.2.0 \u2192 1.5.0 \u2192 2.0.0\n"), r.out());
        Result json = run("upgrade", "--dry-run", "--json");
        assertTrue(json.out().contains("\"route\":[\"1.2.0\",\"1.5.0\",\"2.0.0\"]"), json.out());
    }

    @Test
    void yesConfirmsTheWalkThroughRequiredStops() {
        upgrades.outcome = new UpgradeOutcome.Upgraded(
                Version.parse("1.0.0"), Version.parse("2.0.0"), BackupId.of("pre-upgrade-1.5.0-20261126000000"));
        assertEquals(0, run("upgrade", "--yes").exit());
        assertEquals(Optional.of(true), upgrades.confirmed);
    }

    @Test
    void eachFailedOutcomeHasItsExitCodeAndOneLine() {
        upgrades.outcome =
                new UpgradeOutcome.RolledBack(UpgradeStep.MIGRATE, "near THIS: syntax error", Version.parse("1.2.3"));
        Result rolledBack = run("upgrade");
        assertEquals(3, rolledBack.exit());
        assertEquals(
                "waiaas: upgrade failed at step 5 (migrate): near THIS: syntax error; rolled back to 1.2.3\n",
                rolledBack.err());
        upgrades.outcome = new UpgradeOutcome.Refused("another upgrade or rollback is running for this data dir");
        assertEquals(5, run("upgrade").exit());
        upgrades.outcome = new UpgradeOutcome.RollbackFailed(
                UpgradeStep.RESTART, "no answer", "disk full", List.of("waiaas stop", "waiaas backup restore x"));
        Result failed = run("upgrade");
        assertEquals(4, failed.exit());
        assertTrue(failed.err().contains("  2. waiaas backup restore x"), failed.err());
    }

    @Test
    void upgradeAsJsonIsOneObjectPerLine() throws Exception {
        upgrades.outcome = new UpgradeOutcome.UpToDate(Version.parse("1.2.3"));
        Result r = run("upgrade", "--json");
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertEquals(
                "check", new ObjectMapper().readTree(lines.get(0)).get("name").textValue());
        assertEquals(
                "up-to-date",
                new ObjectMapper().readTree(lines.get(1)).get("outcome").textValue());
    }

    @Test
    void rollbackGoesThroughItsOwnPort() {
        upgrades.outcome = new UpgradeOutcome.Reverted(
                Version.parse("1.3.0"), Version.parse("1.2.3"), BackupId.of("pre-rollback-1.3.0-20261126000000"));
        Result r = run("upgrade", "--rollback");
        assertEquals(0, r.exit());
        assertTrue(upgrades.rolledBack);
        assertTrue(r.out().startsWith("Rollback complete: 1.3.0 \u2192 1.2.3\n"), r.out());
        assertEquals(2, run("upgrade", "--rollback", "--to", "1.0.0").exit());
    }

    @Test
    void helpListsTheBackupAndDbCommands() {
        Result r = run("--help");
        assertTrue(r.out().contains("backup") && r.out().contains("db"), r.out());
        assertEquals(0, run("backup", "--help").exit());
        assertEquals(0, run("db", "migrate", "--help").exit());
    }

    @Test
    void backupWithoutASubcommandIsAUsageError() {
        Result r = run("backup");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("create, list or restore"), r.err());
    }

    @Test
    void backupCreateTakesAManualBackupByDefaultAndNamesIt() {
        Result r = run("backup", "create");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(BackupReason.MANUAL), backups.created);
        assertEquals("created backup manual-1.2.3-20261126060000 (waiaas 1.2.3, schema 2, 24.0 KiB)\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void backupCreateTakesThePreUpdateReasonOfTheContainerHook() {
        Result r = run("backup", "create", "--reason", "pre-update");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(BackupReason.PRE_UPDATE), backups.created);
        assertTrue(r.out().startsWith("created backup pre-update-1.2.3-"), r.out());
    }

    @Test
    void backupCreateSaysWhichOldBackupsRetentionRemoved() {
        backups.pruned = List.of(BackupId.of("manual-1.2.3-20261120060000"));
        Result r = run("backup", "create");
        assertTrue(r.out().endsWith("removed old backups ([backup] keep): manual-1.2.3-20261120060000\n"), r.out());
    }

    @Test
    void backupCreateRefusesAnUnknownReasonAsAUsageErrorListingTheValidOnes() {
        Result r = run("backup", "create", "--reason", "whim");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("whim") && r.err().contains("pre-upgrade, manual, pre-migration"), r.err());
        assertEquals(List.of(), backups.created);
    }

    @Test
    void backupListShowsIdReasonVersionsSizeAndCreatedNewestFirst() {
        backups.list = List.of(
                manifest("pre-upgrade-1.10.0-20261126070000", BackupReason.PRE_UPGRADE, "1.10.0", "07:00:00"),
                manifest("pre-upgrade-1.9.0-20261126060000", BackupReason.PRE_UPGRADE, "1.9.0", "06:00:00"));
        Result r = run("backup", "list");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertEquals(
                List.of("ID", "REASON", "VERSION", "SCHEMA", "SIZE", "CREATED", "(UTC)"),
                List.of(lines.get(0).split(" +")));
        assertEquals(
                List.of(
                        "pre-upgrade-1.10.0-20261126070000",
                        "pre-upgrade",
                        "1.10.0",
                        "2",
                        "24.0",
                        "KiB",
                        "2026-11-26T07:00:00Z"),
                List.of(lines.get(1).split(" +")));
        assertTrue(lines.get(2).startsWith("pre-upgrade-1.9.0-20261126060000 "), r.out());
    }

    @Test
    void backupListWithNoBackupsSaysHowToTakeOne() {
        assertEquals(
                "no backups yet; take one with: waiaas backup create\n",
                run("backup", "list").out());
    }

    @Test
    void backupListAsJsonCarriesEveryField() throws Exception {
        backups.list = List.of(manifest("manual-1.2.3-20261126060000", BackupReason.MANUAL, "1.2.3", "06:00:00"));
        Result r = run("backup", "list", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.size());
        JsonNode b = json.get(0);
        assertEquals("manual-1.2.3-20261126060000", b.get("id").textValue());
        assertEquals("manual", b.get("reason").textValue());
        assertEquals("1.2.3", b.get("appVersion").textValue());
        assertEquals(2, b.get("schemaVersion").intValue());
        assertEquals(24 * 1024, b.get("size").longValue());
        assertEquals("2026-11-26T06:00:00Z", b.get("createdAt").textValue());
        assertEquals(SHA, b.get("files").get(0).get("sha256").textValue());
    }

    @Test
    void backupRestoreWithYesRestoresWithoutAskingAndNamesThePreRollbackBackup() {
        Result r = run("backup", "restore", "manual-1.2.3-20261126060000", "--yes");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("manual-1.2.3-20261126060000"), backups.restored);
        assertEquals(List.of(), asked);
        assertEquals(
                "restored backup manual-1.2.3-20261126060000 (waiaas 1.2.3, schema 2, 24.0 KiB, taken"
                        + " 2026-11-26T06:00:00Z)\nthe data it replaced is kept as backup"
                        + " pre-rollback-1.2.3-20261126080000\n",
                r.out());
    }

    @Test
    void backupRestoreLatestRestoresTheNewestBackup() {
        Result r = run("backup", "restore", "latest", "-y");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("latest"), backups.restored);
    }

    @Test
    void backupRestoreWithoutYesAndWithoutATerminalIsRefusedAndChangesNothing() {
        Result r = run("backup", "restore", "latest");
        assertEquals(5, r.exit());
        assertEquals(List.of(), backups.restored);
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--yes"), r.err());
    }

    @Test
    void backupRestoreAsksOnATerminalAndGoesAheadOnYes() {
        answer = Optional.of(true);
        Result r = run("backup", "restore", "manual-1.2.3-20261126060000");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).contains("manual-1.2.3-20261126060000"), asked.get(0));
        assertEquals(List.of("manual-1.2.3-20261126060000"), backups.restored);
    }

    @Test
    void backupRestoreDeclinedOnATerminalChangesNothing() {
        answer = Optional.of(false);
        Result r = run("backup", "restore", "latest");
        assertEquals(5, r.exit());
        assertEquals("waiaas: restore cancelled; nothing was changed\n", r.err());
        assertEquals(List.of(), backups.restored);
    }

    @Test
    void backupRestoreWhileTheDaemonRunsExitsFiveWithOneLine() {
        backups.failure = ApplicationException.refused("waiaas is running (pid 42); nothing was changed; stop it"
                + " first with: waiaas stop, then run: waiaas backup restore latest");
        Result r = run("backup", "restore", "latest", "--yes");
        assertEquals(5, r.exit());
        assertEquals("waiaas: " + backups.failure.getMessage() + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void backupRestoreOfSomethingThatIsNoBackupIdIsAUsageError() {
        Result r = run("backup", "restore", "../etc", "--yes");
        assertEquals(2, r.exit());
        assertEquals(List.of(), backups.restored);
    }

    @Test
    void dbStatusShowsBothSchemasAndWhatStartWouldDo() {
        schema.report = new SchemaReport(
                Optional.of(SchemaVersion.of(1)),
                SchemaVersion.of(2),
                SchemaVersion.of(1),
                new SchemaCompatibility.MigrationRequired(SchemaVersion.of(1), SchemaVersion.of(2)));
        Result r = run("db", "status");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                database    schema 1
                this build  schema 2 (migrates from schema 1 up)
                decision    migration required: schema 1 -> 2; start (or waiaas db migrate) backs it up first,\
                 then migrates
                """, r.out());
    }

    @Test
    void dbStatusOfADatabaseAheadTellsToUpgradeAndStillExitsZero() {
        schema.report = new SchemaReport(
                Optional.of(SchemaVersion.of(3)),
                SchemaVersion.of(2),
                SchemaVersion.of(1),
                new SchemaCompatibility.DatabaseAhead(SchemaVersion.of(3), SchemaVersion.of(2)));
        Result r = run("db", "status");
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.out()
                        .contains("refused: the database was written by a newer release (schema 3 > 2); run:"
                                + " waiaas upgrade"),
                r.out());
    }

    @Test
    void dbStatusAsJsonNamesTheDecision() throws Exception {
        schema.report = new SchemaReport(
                Optional.empty(),
                SchemaVersion.of(2),
                SchemaVersion.of(1),
                new SchemaCompatibility.Fresh(SchemaVersion.of(2)));
        JsonNode json =
                new ObjectMapper().readTree(run("db", "status", "--json").out());
        assertTrue(json.get("database").isNull());
        assertEquals(2, json.get("latest").intValue());
        assertEquals(1, json.get("minCompatible").intValue());
        assertEquals("fresh", json.get("decision").textValue());
    }

    @Test
    void dbMigrateNamesThePreMigrationBackup() {
        BackupManifest backup =
                manifest("pre-migration-1.2.3-20261126060000", BackupReason.PRE_MIGRATION, "1.2.3", "06:00:00");
        schema.migration = new MigrationResult(
                new SchemaCompatibility.MigrationRequired(SchemaVersion.of(1), SchemaVersion.of(2)),
                SchemaVersion.of(2),
                Optional.of(backup));
        Result r = run("db", "migrate");
        assertEquals(0, r.exit(), r.err());
        assertEquals(
                "migrated the database from schema 1 to 2 (backup: pre-migration-1.2.3-20261126060000)\n", r.out());
    }

    @Test
    void dbMigrateOfAnUpToDateDatabaseSaysThereIsNothingToDo() {
        schema.migration = new MigrationResult(
                new SchemaCompatibility.UpToDate(SchemaVersion.of(2)), SchemaVersion.of(2), Optional.empty());
        assertEquals(
                "the database is already at schema 2; nothing to do\n",
                run("db", "migrate").out());
    }

    @Test
    void dbMigrateRefusedExitsFiveWithTheGatesLine() {
        schema.failure = ApplicationException.refused("the database is at schema 3, newer than schema 2 of this"
                + " build (waiaas 1.2.3); it was left untouched; run: waiaas upgrade");
        Result r = run("db", "migrate");
        assertEquals(5, r.exit());
        assertEquals("waiaas: " + schema.failure.getMessage() + "\n", r.err());
    }

    private static BackupManifest manifest(String id, BackupReason reason, String version, String time) {
        return new BackupManifest(
                BackupId.of(id),
                reason,
                Version.parse(version),
                Optional.of(SchemaVersion.of(2)),
                Instant.parse("2026-11-26T" + time + "Z"),
                List.of(new BackupFile("waiaas.db", 24 * 1024, SHA)));
    }

    private static HealthSnapshot health() {
        return new HealthSnapshot(
                Version.parse("1.2.3"),
                Optional.of(Version.parse("1.3.0")),
                SchemaVersion.of(2),
                Duration.ofSeconds(5),
                Instant.ofEpochSecond(1_700_000_000L));
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = Cli.create(
                "1.2.3",
                options -> {
                    opened.add(options);
                    return new InPorts() {
                        @Override
                        public RunDaemon runDaemon() {
                            throw new AssertionError("not used here");
                        }

                        @Override
                        public ControlDaemon controlDaemon() {
                            return control;
                        }

                        @Override
                        public NotifyUpdates notifyUpdates() {
                            return updates;
                        }

                        @Override
                        public CheckForUpdates checkForUpdates() {
                            return updates;
                        }

                        @Override
                        public PerformUpgrade performUpgrade() {
                            return upgrades;
                        }

                        @Override
                        public ManageBackups manageBackups() {
                            return backups;
                        }

                        @Override
                        public InspectSchema inspectSchema() {
                            return schema;
                        }

                        @Override
                        public MigrateSchema migrateSchema() {
                            return schema;
                        }
                    };
                },
                env,
                terminal,
                question -> {
                    asked.add(question);
                    return answer;
                });
        int exit = cli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {}

    private static final class StubUpgrades implements PerformUpgrade {
        UpgradeOutcome outcome;
        Optional<UpgradeOutcome> recovered = Optional.empty();
        UpgradeRequest request;
        boolean rolledBack;
        Optional<Boolean> confirmed = Optional.empty();

        @Override
        public UpgradeOutcome upgrade(UpgradeRequest request, UpgradeListener listener) {
            this.request = request;
            listener.stepStarted(UpgradeStep.CHECK, "resolving");
            listener.stepFinished(UpgradeStep.CHECK, Duration.ofMillis(1500), "1.2.3 \u2192 1.3.0");
            if (outcome instanceof UpgradeOutcome.Upgraded up
                    && !up.from().equals(up.to())
                    && up.to().equals(Version.parse("2.0.0"))) {
                confirmed = Optional.of(listener.confirm("walk the stops?"));
            }
            return outcome;
        }

        @Override
        public UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener) {
            rolledBack = true;
            return outcome;
        }

        @Override
        public Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener) {
            return recovered;
        }
    }

    private static final class StubUpdates implements NotifyUpdates, CheckForUpdates {
        int asked;
        RuntimeException failure;
        RuntimeException checkFailure;
        TargetCheck target;
        Optional<String> askedTo = Optional.empty();

        @Override
        public Optional<Version> dueNotice() {
            asked++;
            if (failure != null) {
                throw failure;
            }
            return Optional.of(Version.parse("9.9.9"));
        }

        @Override
        public Version current() {
            return Version.parse("1.2.3");
        }

        @Override
        public CheckResult checkNow() {
            throw new AssertionError("not used by the CLI");
        }

        @Override
        public Optional<Version> loadStored() {
            throw new AssertionError("not used by the CLI");
        }

        @Override
        public TargetCheck checkTarget(Optional<String> to) {
            askedTo = to;
            if (checkFailure != null) {
                throw checkFailure;
            }
            return target;
        }
    }

    private static final class StubControl implements ControlDaemon {
        DaemonStatus status = new DaemonStatus.Stopped();
        StopResult stop = new StopResult.NotRunning(false);
        RuntimeException failure;
        RuntimeException unexpected;

        @Override
        public DaemonStatus status() {
            if (unexpected != null) {
                throw unexpected;
            }
            return status;
        }

        boolean started;

        @Override
        public DaemonStatus.Running startDetached() {
            started = true;
            throw failure;
        }

        @Override
        public StopResult stop() {
            return stop;
        }
    }

    private static final class StubBackups implements ManageBackups {
        final List<BackupReason> created = new ArrayList<>();
        final List<String> restored = new ArrayList<>();
        List<BackupManifest> list = List.of();
        List<BackupId> pruned = List.of();
        RuntimeException failure;

        @Override
        public BackupCreated create(BackupReason reason) {
            created.add(reason);
            return new BackupCreated(
                    manifest(reason.label() + "-1.2.3-20261126060000", reason, "1.2.3", "06:00:00"), pruned);
        }

        @Override
        public List<BackupManifest> list() {
            return list;
        }

        @Override
        public RestoreResult restore(BackupId id) {
            return restored(id.value());
        }

        @Override
        public RestoreResult restoreLatest() {
            return restored("latest");
        }

        private RestoreResult restored(String which) {
            if (failure != null) {
                throw failure;
            }
            restored.add(which);
            return new RestoreResult(
                    manifest("manual-1.2.3-20261126060000", BackupReason.MANUAL, "1.2.3", "06:00:00"),
                    Optional.of(manifest(
                            "pre-rollback-1.2.3-20261126080000", BackupReason.PRE_ROLLBACK, "1.2.3", "08:00:00")),
                    List.of());
        }
    }

    private static final class StubSchema implements InspectSchema, MigrateSchema {
        SchemaReport report;
        MigrationResult migration;
        RuntimeException failure;

        @Override
        public SchemaReport status() {
            return report;
        }

        @Override
        public MigrationResult migrate() {
            if (failure != null) {
                throw failure;
            }
            return migration;
        }
    }
}
