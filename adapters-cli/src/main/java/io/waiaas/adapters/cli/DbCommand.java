package io.waiaas.adapters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.domain.SchemaCompatibility;
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

/** {@code waiaas db status|migrate}: the database's schema against this build's, and the offline migration. */
@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description = "Show the database's schema against this build's, or migrate it offline.",
        subcommands = {DbCommand.Status.class, DbCommand.Migrate.class})
final class DbCommand implements Runnable {
    @ParentCommand
    WaiaasCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a db command is required: status or migrate");
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
}
