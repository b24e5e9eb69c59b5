package io.waiaas.adapters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.in.MigrateSchema;
import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code waiaas db status|migrate|downgrade}: the database's schema against this build's, the offline migration,
 * and the way down this build's migrations know.
 */
@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description = "Show the database's schema against this build's, or migrate it offline, up or down.",
        subcommands = {DbCommand.Status.class, DbCommand.Migrate.class, DbCommand.Downgrade.class})
final class DbCommand implements Runnable {
    @ParentCommand
    WaiaasCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a db command is required: status, migrate or downgrade");
    }

    /** Return the decision's stable name, as {@code --json} prints it. */
    static String name(SchemaCompatibility decision) {
        return switch (decision) {
            case SchemaCompatibility.Fresh f -> "fresh";
            case SchemaCompatibility.UpToDate u -> "up-to-date";
            case SchemaCompatibility.MigrationRequired m -> "migration-required";
            case SchemaCompatibility.DatabaseAhead a -> "database-ahead";
            case SchemaCompatibility.DatabaseTooOld o -> "database-too-old";
        };
    }

    /** Say in one line what the decision means for the operator. */
    static String explain(SchemaCompatibility decision) {
        return switch (decision) {
            case SchemaCompatibility.Fresh f ->
                "no database yet; start (or waiaas db migrate) creates it at schema " + f.latest();
            case SchemaCompatibility.UpToDate u -> "up to date";
            case SchemaCompatibility.MigrationRequired m ->
                "migration required: schema " + m.from() + " -> " + m.to()
                        + "; start (or waiaas db migrate) backs it up first, then migrates";
            case SchemaCompatibility.DatabaseAhead a ->
                "refused: the database was written by a newer release" + " (schema " + a.database() + " > " + a.latest()
                        + "); run: waiaas upgrade";
            case SchemaCompatibility.DatabaseTooOld o ->
                "refused: this build migrates from schema "
                        + o.minCompatible() + " up, the database is at " + o.database() + "; waiaas db migrate prints"
                        + " the step-by-step path";
        };
    }

    /** {@code waiaas db status [--json]}. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show the database's schema, this build's, and what start would do; changes nothing.")
    static final class Status implements Runnable {
        @ParentCommand
        DbCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public void run() {
            SchemaReport report = parent.root.inPorts().inspectSchema().status();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put(
                        "database",
                        report.database().map(v -> (Object) v.value()).orElse(null));
                fields.put("latest", report.latest().value());
                fields.put("minCompatible", report.minCompatible().value());
                fields.put("decision", name(report.decision()));
                try {
                    out.println(new ObjectMapper().writeValueAsString(fields));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
                return;
            }
            out.printf(
                    "database    %s%n",
                    report.database().map(v -> "schema " + v).orElse("none yet"));
            out.printf("this build  schema %s (migrates from schema %s up)%n", report.latest(), report.minCompatible());
            out.printf("decision    %s%n", explain(report.decision()));
        }
    }

    /** {@code waiaas db migrate}. */
    @Command(
            name = "migrate",
            mixinStandardHelpOptions = true,
            description = "Bring the database to this build's schema now, after a pre-migration backup; the daemon"
                    + " must be stopped.")
    static final class Migrate implements Runnable {
        @ParentCommand
        DbCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            MigrationResult result = parent.root.inPorts().migrateSchema().migrate();
            PrintWriter out = spec.commandLine().getOut();
            switch (result.decision()) {
                case SchemaCompatibility.Fresh f -> out.printf("created the database at schema %s%n", result.schema());
                case SchemaCompatibility.UpToDate u ->
                    out.printf("the database is already at schema %s;" + " nothing to do%n", result.schema());
                case SchemaCompatibility.MigrationRequired m ->
                    out.printf(
                            "migrated the database from schema %s" + " to %s (backup: %s)%n",
                            m.from(),
                            result.schema(),
                            result.backup().map(b -> b.id().value()).orElse("none"));
                case SchemaCompatibility.DatabaseAhead a -> throw new IllegalStateException("refused: " + a);
                case SchemaCompatibility.DatabaseTooOld o -> throw new IllegalStateException("refused: " + o);
            }
        }
    }

    /** {@code waiaas db downgrade --to N [--check] [--json]} (UPGR-B9). */
    @Command(
            name = "downgrade",
            mixinStandardHelpOptions = true,
            description = "Migrate the database down to schema N with this build's down scripts, in one transaction;"
                    + " lists what schema N has no room for. The daemon must be stopped. waiaas upgrade --rollback"
                    + " runs it for you; take a backup first when you run it yourself.")
    static final class Downgrade implements Runnable {
        @ParentCommand
        DbCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "N", description = "The schema to go down to.")
        int to;

        @Option(names = "--check", description = "Say what it would do and change nothing; exit 5 when it cannot.")
        boolean check;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public void run() {
            if (to < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--to must be a schema version, 1 or greater, was " + to);
            }
            SchemaVersion target = SchemaVersion.of(to);
            MigrateSchema schema = parent.root.inPorts().migrateSchema();
            SchemaDowngrade plan = schema.planDowngrade(target);
            plan.blocker().ifPresent(why -> {
                throw CliException.refused("cannot migrate the database down from schema " + plan.from() + " to "
                        + target + ": " + why + "; nothing was changed; restore a backup taken at schema " + target
                        + " instead (waiaas backup list)");
            });
            SchemaDowngrade done = check || !plan.changesSchema() ? plan : schema.downgrade(target);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("from", done.from().value());
                fields.put("to", done.to().value());
                fields.put("applied", !check && done.changesSchema());
                fields.put(
                        "dropped",
                        done.dropped().stream()
                                .map(d -> {
                                    Map<String, Object> one = new LinkedHashMap<>();
                                    one.put("table", d.table());
                                    one.put("column", d.column().orElse(null));
                                    one.put("rows", d.rows());
                                    return one;
                                })
                                .toList());
                try {
                    out.println(new ObjectMapper().writeValueAsString(fields));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
                return;
            }
            if (!done.changesSchema()) {
                out.printf("the database is at schema %s already; nothing to do%n", done.to());
                return;
            }
            out.printf(
                    "%s the database down from schema %s to %s%n",
                    check ? "would migrate" : "migrated", done.from(), done.to());
            for (SchemaDowngrade.Dropped dropped : done.dropped()) {
                out.printf(
                        "schema %s %s no room for %s%n", done.to(), check ? "would have" : "has", dropped.describe());
            }
        }
    }
}
