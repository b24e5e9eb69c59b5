package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.DaemonStatus;
import io.waiaas.application.HealthSnapshot;
import io.waiaas.application.MigrationResult;
import io.waiaas.application.SchemaReport;
import io.waiaas.application.StopResult;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.InspectSchema;
import io.waiaas.application.port.in.MigrateSchema;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
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
    private final StubSchema schema = new StubSchema();
    private final List<GlobalOptions> opened = new ArrayList<>();

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
        assertTrue(r.out().contains("start") && r.out().contains("stop") && r.out().contains("status"), r.out());
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
        assertEquals("waiaas is not running (removed a stale pid file)\n", run("stop").out());
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
    void helpListsTheDbCommands() {
        Result r = run("--help");
        assertTrue(r.out().contains("db"), r.out());
        assertEquals(0, run("db", "migrate", "--help").exit());
    }

    @Test
    void dbStatusShowsBothSchemasAndWhatStartWouldDo() {
        schema.report = new SchemaReport(Optional.of(SchemaVersion.of(1)), SchemaVersion.of(2), SchemaVersion.of(1),
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
        schema.report = new SchemaReport(Optional.of(SchemaVersion.of(3)), SchemaVersion.of(2), SchemaVersion.of(1),
                new SchemaCompatibility.DatabaseAhead(SchemaVersion.of(3), SchemaVersion.of(2)));
        Result r = run("db", "status");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("refused: the database was written by a newer release (schema 3 > 2); run:"
                + " waiaas upgrade"), r.out());
    }

    @Test
    void dbStatusAsJsonNamesTheDecision() throws Exception {
        schema.report = new SchemaReport(Optional.empty(), SchemaVersion.of(2), SchemaVersion.of(1),
                new SchemaCompatibility.Fresh(SchemaVersion.of(2)));
        JsonNode json = new ObjectMapper().readTree(run("db", "status", "--json").out());
        assertTrue(json.get("database").isNull());
        assertEquals(2, json.get("latest").intValue());
        assertEquals(1, json.get("minCompatible").intValue());
        assertEquals("fresh", json.get("decision").textValue());
    }

    @Test
    void dbMigrateNamesThePreMigrationBackup() {
        BackupManifest backup = manifest("pre-migration-1.2.3-20261126060000", BackupReason.PRE_MIGRATION,
                "1.2.3", "06:00:00");
        schema.migration = new MigrationResult(
                new SchemaCompatibility.MigrationRequired(SchemaVersion.of(1), SchemaVersion.of(2)),
                SchemaVersion.of(2), Optional.of(backup));
        Result r = run("db", "migrate");
        assertEquals(0, r.exit(), r.err());
        assertEquals("migrated the database from schema 1 to 2 (backup: pre-migration-1.2.3-20261126060000)\n",
                r.out());
    }

    @Test
    void dbMigrateOfAnUpToDateDatabaseSaysThereIsNothingToDo() {
        schema.migration = new MigrationResult(new SchemaCompatibility.UpToDate(SchemaVersion.of(2)),
                SchemaVersion.of(2), Optional.empty());
        assertEquals("the database is already at schema 2; nothing to do\n", run("db", "migrate").out());
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
        return new BackupManifest(BackupId.of(id), reason, Version.parse(version), Optional.of(SchemaVersion.of(2)),
                Instant.parse("2026-11-26T" + time + "Z"), List.of(new BackupFile("waiaas.db", 24 * 1024, SHA)));
    }

    private static HealthSnapshot health() {
        return new HealthSnapshot(Version.parse("1.2.3"), Optional.of(Version.parse("1.3.0")), SchemaVersion.of(2),
                Duration.ofSeconds(5), Instant.ofEpochSecond(1_700_000_000L));
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = Cli.create("1.2.3", options -> {
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
                public InspectSchema inspectSchema() {
                    return schema;
                }

                @Override
                public MigrateSchema migrateSchema() {
                    return schema;
                }
            };
        }, Map.of());
        int exit = cli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {}

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

        @Override
        public DaemonStatus.Running startDetached() {
            throw failure;
        }

        @Override
        public StopResult stop() {
            return stop;
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
