package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code waiaas db status|migrate} over stub in-ports. */
class DbCommandTest extends CliTestSupport {
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

    @Test
    void dbDowngradeMigratesDownAndListsWhatTheOlderSchemaHasNoRoomFor() throws Exception {
        schema.downgradePlan = SchemaDowngrade.possible(
                SchemaVersion.of(3),
                SchemaVersion.of(2),
                List.of(
                        new SchemaDowngrade.Dropped("audit_events", Optional.of("actor"), 1),
                        new SchemaDowngrade.Dropped("upgrade_probe", Optional.empty(), 3)));
        Result r = run("db", "downgrade", "--to", "2");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                migrated the database down from schema 3 to 2
                schema 2 has no room for column audit_events.actor (1 value)
                schema 2 has no room for table upgrade_probe (3 rows)
                """, r.out());
        assertEquals(List.of(SchemaVersion.of(2)), schema.downgraded);

        JsonNode json = new ObjectMapper()
                .readTree(
                        run("db", "downgrade", "--to", "2", "--check", "--json").out());
        assertEquals(3, json.get("from").intValue());
        assertEquals(2, json.get("to").intValue());
        assertFalse(json.get("applied").booleanValue());
        assertEquals("actor", json.get("dropped").get(0).get("column").textValue());
        assertTrue(json.get("dropped").get(1).get("column").isNull());
        assertEquals(3, json.get("dropped").get(1).get("rows").intValue());
        assertEquals(1, schema.downgraded.size(), "--check changes nothing");
    }

    @Test
    void dbDowngradeThroughAnIrreversibleMigrationIsRefusedWithExitFiveChangingNothing() {
        schema.downgradePlan =
                SchemaDowngrade.blocked(SchemaVersion.of(3), SchemaVersion.of(1), "migration 2 is irreversible");
        Result r = run("db", "downgrade", "--to", "1");
        assertEquals(5, r.exit());
        assertEquals(
                "waiaas: cannot migrate the database down from schema 3 to 1: migration 2 is irreversible; nothing was"
                        + " changed; restore a backup taken at schema 1 instead (waiaas backup list)\n",
                r.err());
        assertTrue(schema.downgraded.isEmpty());
        assertEquals(2, run("db", "downgrade", "--to", "0").exit(), "a schema version is 1 or greater");
    }
}
