package io.waiaas.adapters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.in.BackupCreated;
import io.waiaas.application.port.in.ManageBackups;
import io.waiaas.application.port.in.Reports;
import io.waiaas.application.port.in.RestoreResult;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code waiaas backup create|list|restore}: verified backups of the database and config (BKUP-01..05). */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = "Take, list and restore backups of the database and config.toml.",
        subcommands = {BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Restore.class})
final class BackupCommand implements Runnable {
    private static final String LATEST = "latest";

    @ParentCommand
    WaiaasCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a backup command is required: create, list" + " or restore");
    }

    ManageBackups backups() {
        return root.inPorts().manageBackups();
    }

    /** Return when a backup was taken, to the second, in UTC ({@code --json} keeps the full precision). */
    static String taken(BackupManifest backup) {
        return backup.createdAt().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Describe a backup in a few words: its versions and size. */
    static String summary(BackupManifest backup) {
        return "waiaas " + backup.appVersion() + ", schema "
                + backup.schemaVersion().map(Object::toString).orElse("none") + ", " + Sizes.human(backup.size());
    }

    /** {@code waiaas backup create [--reason R]}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Take a verified backup now (works while the daemon runs).")
    static final class Create implements Runnable {
        @ParentCommand
        BackupCommand parent;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--reason",
                paramLabel = "R",
                converter = ReasonConverter.class,
                description = "Why: manual (default), pre-upgrade, pre-migration, pre-rollback or pre-update.")
        BackupReason reason = BackupReason.MANUAL;

        @Override
        public void run() {
            BackupCreated created = parent.backups().create(reason);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("created backup %s (%s)%n", created.backup().id(), summary(created.backup()));
            if (!created.pruned().isEmpty()) {
                out.printf(
                        "removed old backups ([backup] keep): %s%n",
                        String.join(
                                ", ",
                                created.pruned().stream().map(BackupId::value).toList()));
            }
        }
    }

    /** {@code waiaas backup list [--json]}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the backups, newest first by creation time.")
    static final class ListBackups implements Runnable {
        @ParentCommand
        BackupCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON array.")
        boolean json;

        @Override
        public void run() {
            List<BackupManifest> backups = parent.backups().list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(toJson(backups));
                return;
            }
            if (backups.isEmpty()) {
                out.println("no backups yet; take one with: waiaas backup create");
                return;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "REASON", "VERSION", "SCHEMA", "SIZE", "CREATED (UTC)"});
            for (BackupManifest b : backups) {
                rows.add(new String[] {
                    b.id().value(),
                    b.reason().label(),
                    b.appVersion().toString(),
                    b.schemaVersion().map(Object::toString).orElse("-"),
                    Sizes.human(b.size()),
                    taken(b)
                });
            }
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
                }
                out.println(line.toString().stripTrailing());
            }
        }

        private static String toJson(List<BackupManifest> backups) {
            List<Map<String, Object>> list = Reports.of(backups);
            try {
                return new ObjectMapper().writeValueAsString(list);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code waiaas backup restore <id|latest> [--yes]}. */
    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = "Put a backup's database and config back (the daemon must be stopped); the data it"
                    + " replaces is kept as a pre-rollback backup.")
    static final class Restore implements Runnable {
        @ParentCommand
        BackupCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID|latest", description = "The backup's id (see: waiaas backup list), or latest.")
        String which;

        @Option(
                names = {"-y", "--yes"},
                description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public void run() {
            Optional<BackupId> id = LATEST.equals(which) ? Optional.empty() : Optional.of(BackupId.of(which));
            ManageBackups backups = parent.backups();
            if (!yes) {
                // Named before the question: a backup that does not exist is refused, not offered.
                BackupManifest backup = backups.toRestore(id);
                confirm("backup " + backup.id() + " (" + summary(backup) + ", taken " + taken(backup) + ")");
            }
            RestoreResult result = id.map(backups::restore).orElseGet(backups::restoreLatest);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "restored backup %s (%s, taken %s)%n",
                    result.restored().id(), summary(result.restored()), taken(result.restored()));
            result.kept().ifPresent(kept -> out.printf("the data it replaced is kept as backup %s%n", kept.id()));
            if (!result.pruned().isEmpty()) {
                out.printf(
                        "removed old backups ([backup] keep): %s%n",
                        String.join(
                                ", ",
                                result.pruned().stream().map(BackupId::value).toList()));
            }
        }

        private void confirm(String what) {
            Optional<Boolean> answer = parent.root
                    .confirmation()
                    .ask("Restore " + what + " over the current"
                            + " database and config.toml? (the current data is kept as a pre-rollback backup)");
            if (answer.isEmpty()) {
                throw CliException.refused("restoring replaces the current database and config.toml; nothing was"
                        + " changed; confirm with: waiaas backup restore " + which + " --yes");
            }
            if (!answer.get()) {
                throw CliException.refused("restore cancelled; nothing was changed");
            }
        }
    }

    /** Parse {@code --reason} labels; an unknown one is a usage error listing the valid labels. */
    static final class ReasonConverter implements CommandLine.ITypeConverter<BackupReason> {
        @Override
        public BackupReason convert(String value) {
            try {
                return BackupReason.parse(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
