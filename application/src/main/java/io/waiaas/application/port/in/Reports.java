package io.waiaas.application.port.in;

import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.Reason;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Describe what the in-ports answer as the machine-readable reports every driving adapter prints: the CLI's
 * {@code --json} and the MCP tools' results are these maps, key for key, so the two cannot drift apart.
 *
 * <p>Values are JSON-ready: strings, numbers, booleans, {@code null}, lists and maps, in insertion order.
 */
public final class Reports {
    private Reports() {}

    /** Describe {@code upgrade --check}'s answer: current, target, updateAvailable, downgrade. */
    public static Map<String, Object> of(TargetCheck check) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("current", check.current().toString());
        fields.put("target", check.target().toString());
        fields.put("updateAvailable", check instanceof TargetCheck.UpdateAvailable);
        fields.put("downgrade", check instanceof TargetCheck.Downgrade);
        return fields;
    }

    /**
     * Describe what an upgrade would bring ({@code upgrade --check --json}, {@code --dry-run --json}): releaseNotes
     * (newest first: version, date, breaking, sections of title and items), notesLeftOut, publishedAt, schema
     * (database, target, minCompatible, migrates) and requiredStops.
     */
    public static Map<String, Object> of(DescribeRelease.Details details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("releaseNotes", details.notes().stream().map(Reports::notes).toList());
        fields.put("notesLeftOut", details.notesLeftOut());
        fields.put("publishedAt", details.publishedAt().map(Instant::toString).orElse(null));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("database", details.database().map(SchemaVersion::value).orElse(null));
        schema.put(
                "target", details.schema().map(s -> s.schemaVersion().value()).orElse(null));
        schema.put(
                "minCompatible",
                details.schema().map(s -> s.minCompatible().value()).orElse(null));
        schema.put("migrates", details.migrates());
        fields.put("schema", schema);
        fields.put(
                "requiredStops",
                details.requiredStops().stream().map(Version::toString).toList());
        return fields;
    }

    private static Map<String, Object> notes(ReleaseNotes notes) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", notes.version().toString());
        fields.put("date", notes.date().map(LocalDate::toString).orElse(null));
        fields.put("breaking", notes.breakingChanges());
        fields.put(
                "sections",
                notes.otherSections().stream()
                        .map(s -> Map.<String, Object>of("title", s.title(), "items", s.items()))
                        .toList());
        return fields;
    }

    /** Describe how an upgrade, a plan or a rollback ended: the outcome's name, its exit code and its details. */
    public static Map<String, Object> of(UpgradeOutcome outcome) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("outcome", outcomeName(outcome));
        fields.put("exitCode", outcome.exitCode());
        switch (outcome) {
            case UpgradeOutcome.UpToDate o -> fields.put("version", o.version().toString());
            case UpgradeOutcome.Planned o -> {
                fields.put("from", o.from().toString());
                fields.put("to", o.to().toString());
                fields.put("route", o.route().stream().map(Version::toString).toList());
                fields.put("restart", o.restart());
            }
            case UpgradeOutcome.Upgraded o -> {
                fields.put("from", o.from().toString());
                fields.put("to", o.to().toString());
                fields.put("backup", o.backup().toString());
            }
            case UpgradeOutcome.Reverted o -> {
                fields.put("from", o.from().toString());
                fields.put("to", o.to().toString());
                fields.put("kept", o.kept().toString());
            }
            case UpgradeOutcome.RolledBack o -> {
                fields.put("step", o.step().label());
                fields.put("reason", o.reason().code());
                fields.put("cause", o.cause());
                fields.put("restored", o.restored().toString());
            }
            case UpgradeOutcome.RollbackFailed o -> {
                fields.put("step", o.step().label());
                fields.put("reason", o.reason().code());
                fields.put("cause", o.cause());
                fields.put("rollbackCause", o.rollbackCause());
                fields.put("manualSteps", o.manualSteps());
            }
            case UpgradeOutcome.Refused o -> {
                fields.put("reason", o.reason().code());
                fields.put("message", o.message());
            }
        }
        return fields;
    }

    /** Return the fields of {@code upgrade --rollback --dry-run --json} (UPGR-B9). */
    public static Map<String, Object> of(RollbackPlan plan) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("from", plan.from().toString());
        fields.put("to", plan.to().toString());
        fields.put("backup", plan.backup().value());
        fields.put("path", plan.keepsWrites() ? "migrate-down" : "restore-backup");
        fields.put("downToSchema", plan.downTo().map(SchemaVersion::value).orElse(null));
        fields.put(
                "rowsOnlyInBackup",
                new TreeMap<>(plan.rowsOnlyInBackup())
                        .entrySet().stream()
                                .map(e -> {
                                    Map<String, Object> table = new LinkedHashMap<>();
                                    table.put("table", e.getKey());
                                    table.put("rows", e.getValue());
                                    return table;
                                })
                                .toList());
        return fields;
    }

    /**
     * Describe the webhooks of {@code status --json}: configured, receiver (its origin only), and the last attempt's
     * event, id, outcome, detail and time.
     */
    public static Map<String, Object> of(WebhookReport report) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("configured", report.configured());
        fields.put("receiver", report.receiver().orElse(null));
        fields.put(
                "last",
                report.last()
                        .map(last -> {
                            Map<String, Object> attempt = new LinkedHashMap<>();
                            attempt.put("event", last.event());
                            attempt.put("id", last.id());
                            attempt.put("outcome", last.outcome().code());
                            attempt.put("detail", last.detail());
                            attempt.put("at", last.at().toString());
                            return attempt;
                        })
                        .orElse(null));
        return fields;
    }

    /** Return the outcome's name as reports spell it: {@code up-to-date}, {@code planned}, {@code rolled-back}, … */
    public static String outcomeName(UpgradeOutcome outcome) {
        return outcome.getClass()
                .getSimpleName()
                .replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    /** Describe the daemon's state as {@code status --json} does. */
    public static Map<String, Object> of(DaemonStatus status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (status) {
            case DaemonStatus.Stopped stopped -> fields.put("state", "stopped");
            case DaemonStatus.Starting starting -> {
                fields.put("state", "starting");
                fields.put("pid", starting.pid());
                fields.put("port", starting.port());
            }
            case DaemonStatus.Running running -> {
                HealthSnapshot h = running.health();
                fields.put("state", "running");
                fields.put("pid", running.pid());
                fields.put("port", running.port());
                fields.put("version", h.version().toString());
                fields.put(
                        "latestVersion",
                        h.latestVersion().map(Version::toString).orElse(null));
                running.lastCheckFailure().ifPresent(f -> {
                    fields.put("lastCheckError", f.reason());
                    fields.put("lastCheckFailedAt", f.at().toString());
                });
                fields.put("updateAvailable", h.updateAvailable());
                fields.put("registryWarnings", running.registryWarnings());
                fields.put("schemaVersion", h.schemaVersion().value());
                fields.put("uptime", h.uptime().toSeconds());
            }
        }
        return fields;
    }

    /**
     * Describe how updates are applied as {@code status --json} does under {@code updates}: {@code autoApply},
     * {@code windows} and {@code lastUpgrade} (its {@code action}, {@code result}, {@code from}, {@code to},
     * {@code reason} and {@code at}, or null).
     */
    public static Map<String, Object> of(DescribeUpdates.Report report) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("autoApply", report.autoApply().code());
        fields.put("windows", report.windows().stream().map(Object::toString).toList());
        fields.put("lastUpgrade", report.last().map(Reports::of).orElse(null));
        return fields;
    }

    private static Map<String, Object> of(UpgradeRecord entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", entry.action().code());
        fields.put("result", entry.result().code());
        fields.put("from", entry.from().map(Version::toString).orElse(null));
        fields.put("to", entry.to().map(Version::toString).orElse(null));
        fields.put("reason", entry.reason().map(Reason::code).orElse(null));
        fields.put("at", entry.at().toString());
        return fields;
    }

    /** Describe the backups as {@code backup list --json} does, in the order given. */
    public static List<Map<String, Object>> of(List<BackupManifest> backups) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (BackupManifest b : backups) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", b.id().value());
            fields.put("reason", b.reason().label());
            fields.put("appVersion", b.appVersion().toString());
            fields.put(
                    "schemaVersion",
                    b.schemaVersion().map(v -> (Object) v.value()).orElse(null));
            fields.put("size", b.size());
            fields.put("createdAt", b.createdAt().toString());
            List<Map<String, Object>> files = new ArrayList<>();
            for (BackupFile f : b.files()) {
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("name", f.name());
                file.put("size", f.size());
                file.put("sha256", f.sha256());
                files.add(file);
            }
            fields.put("files", files);
            list.add(fields);
        }
        return list;
    }
}
