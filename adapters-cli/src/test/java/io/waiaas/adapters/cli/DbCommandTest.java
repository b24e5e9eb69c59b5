package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
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
}
