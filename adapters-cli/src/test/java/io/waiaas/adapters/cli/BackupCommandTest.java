package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code waiaas backup create|list|restore} over stub in-ports. */
class BackupCommandTest extends CliTestSupport {
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
        backups.list = List.of(manifest("manual-1.2.3-20261126060000", BackupReason.MANUAL, "1.2.3", "06:00:00"));
        Result r = run("backup", "restore", "latest");
        assertEquals(5, r.exit());
        assertEquals(List.of(), backups.restored);
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--yes"), r.err());
    }

    @Test
    void backupRestoreAsksOnATerminalAndGoesAheadOnYes() {
        backups.list = List.of(manifest("manual-1.2.3-20261126060000", BackupReason.MANUAL, "1.2.3", "06:00:00"));
        answer = Optional.of(true);
        Result r = run("backup", "restore", "manual-1.2.3-20261126060000");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, asked.size());
        assertTrue(
                asked.get(0)
                        .startsWith("Restore backup manual-1.2.3-20261126060000 (waiaas 1.2.3, schema 2, 24.0 KiB,"
                                + " taken 2026-11-26T06:00:00Z) over the current database"),
                asked.get(0));
        assertEquals(List.of("manual-1.2.3-20261126060000"), backups.restored);
    }

    @Test
    void backupRestoreDeclinedOnATerminalChangesNothing() {
        backups.list = List.of(manifest("manual-1.2.3-20261126060000", BackupReason.MANUAL, "1.2.3", "06:00:00"));
        answer = Optional.of(false);
        Result r = run("backup", "restore", "latest");
        assertEquals(5, r.exit());
        assertEquals("waiaas: restore cancelled; nothing was changed\n", r.err());
        assertEquals(List.of(), backups.restored);
    }

    @Test
    void aBackupThatDoesNotExistIsRefusedBeforeAnyQuestion() {
        answer = Optional.of(true);
        for (String which : List.of("manual-9.9.9-20261126060000", "latest")) {
            Result r = run("backup", "restore", which);
            assertEquals(5, r.exit(), which);
            assertEquals(List.of(), asked, "a backup that does not exist was offered");
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("waiaas: there is no backup named "), r.err());
        }
        assertEquals(List.of(), backups.restored);
    }

    @Test
    void backupListShowsTimesToTheSecond() {
        backups.list = List.of(new BackupManifest(
                BackupId.of("manual-1.2.3-20261126060000"),
                BackupReason.MANUAL,
                Version.parse("1.2.3"),
                Optional.empty(),
                Instant.parse("2026-11-26T06:00:00.123456789Z"),
                List.of(new BackupFile("waiaas.db", 1024, SHA))));
        String out = run("backup", "list").out();
        assertTrue(out.lines().toList().get(1).endsWith(" 2026-11-26T06:00:00Z"), out);
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
}
