package io.waiaas.adapters.cli;

import io.waiaas.application.port.in.DescribeRelease;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Print what an upgrade brings as an operator reads it: breaking changes first, then each version's notes. */
final class ReleaseNotesText {
    private ReleaseNotesText() {}

    /** Return the lines for {@code details}: publication, release notes, schema change and required stops. */
    static List<String> lines(DescribeRelease.Details details) {
        List<String> lines = new ArrayList<>();
        details.publishedAt()
                .ifPresent(at -> lines.add(details.to() + " was published on "
                        + at.atOffset(ZoneOffset.UTC).toLocalDate()));
        if (details.notes().isEmpty()) {
            lines.add("Release notes: none published for " + details.from() + " \u2192 " + details.to());
        } else {
            lines.add("Release notes " + details.from() + " \u2192 " + details.to() + ":");
            List<String> breaking = new ArrayList<>();
            for (ReleaseNotes notes : details.notes()) {
                notes.breakingChanges().forEach(change -> breaking.add(notes.version() + ": " + change));
            }
            if (!breaking.isEmpty()) {
                lines.add("  \u26a0 Breaking changes:");
                breaking.forEach(change -> lines.add("    - " + change));
            }
            for (ReleaseNotes notes : details.notes()) {
                lines.add("  " + notes.version()
                        + notes.date().map(d -> " (" + d + ")").orElse(""));
                for (ReleaseNotes.Section section : notes.otherSections()) {
                    String indent = "    ";
                    if (!section.title().isEmpty()) {
                        lines.add("    " + section.title() + ":");
                        indent = "      ";
                    }
                    for (String item : section.items()) {
                        lines.add(indent + "- " + item);
                    }
                }
            }
            if (details.notesLeftOut() > 0) {
                lines.add("  (and " + details.notesLeftOut() + " earlier releases; see CHANGELOG.md of the package)");
            }
        }
        details.schema().ifPresent(schema -> lines.add(database(details, schema.schemaVersion())));
        if (!details.requiredStops().isEmpty()) {
            lines.add("Required stops: "
                    + details.requiredStops().stream().map(Version::toString).collect(Collectors.joining(" \u2192 "))
                    + " before " + details.to());
        }
        return lines;
    }

    private static String database(DescribeRelease.Details details, SchemaVersion target) {
        if (details.database().isEmpty()) {
            return "Database: none yet; " + details.to() + " creates it at schema " + target;
        }
        return details.migrates()
                ? "Database: migrated from schema " + details.database().get() + " to " + target
                        + " at step 5, after a verified backup"
                : "Database: stays at schema " + details.database().get() + " (no migration)";
    }
}
