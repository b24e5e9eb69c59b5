package io.waiaas.application.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.DescribeRelease;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an upgrade would bring, from what the registry publishes (UPGR-B7), over the verified fakes. */
class ReleaseDescriberTest {
    private static final String CLI = "@waiaas/cli";

    /** A waiaas block with schema {@code schema} (from {@code min}) and, when not null, one entry of notes. */
    private static String block(int schema, int min, String version, String item) {
        String notes = item == null
                ? ""
                : ",\"releaseNotes\":\"## " + version + " (2026-12-0" + version.charAt(version.length() - 1)
                        + ")\\n\\n### Features\\n\\n* " + item + "\\n\"";
        return "{\"schemaVersion\":" + schema + ",\"minCompatibleSchemaVersion\":" + min + notes + "}";
    }

    private static PublishedPackages published() {
        return new PublishedPackages()
                .publish(CLI, "1.0.0", "1.1.0", "1.2.0-rc.1", "1.2.0", "1.3.0")
                .manifestField(CLI, "1.0.0", "waiaas", block(2, 1, "1.0.0", "one"))
                .manifestField(CLI, "1.1.0", "waiaas", block(2, 1, "1.1.0", "eleven"))
                .manifestField(CLI, "1.2.0-rc.1", "waiaas", block(3, 1, "1.2.0-rc.1", "candidate"))
                .manifestField(CLI, "1.2.0", "waiaas", block(3, 1, "1.2.0", null))
                .manifestField(CLI, "1.3.0", "waiaas", block(4, 3, "1.3.0", "thirteen"))
                .tag(CLI, "latest", "1.3.0");
    }

    @Test
    void collectsTheNotesOfEveryReleasePassedNewestFirstWithTheTargetsSchemaAndDate() {
        DescribeRelease describer = new ReleaseDescriber(
                new InMemoryVersionSource(published()), CLI, new InMemorySchemaHistory(SchemaVersion.of(3)));

        DescribeRelease.Details details = describer.describe(Version.parse("1.0.0"), Version.parse("1.3.0"));

        assertEquals(
                List.of("1.3.0", "1.1.0"),
                details.notes().stream().map(n -> n.version().toString()).toList(),
                "1.2.0 published no notes; the release candidate is covered by its release");
        assertEquals(
                List.of("thirteen"),
                details.notes().getFirst().sections().getFirst().items());
        assertEquals(Optional.of(ReleaseSchema.of(4, 3)), details.schema());
        assertEquals(Optional.of(SchemaVersion.of(3)), details.database());
        assertTrue(details.migrates());
        assertEquals(List.of(), details.requiredStops());
        assertTrue(details.publishedAt().isPresent());
        assertEquals(0, details.notesLeftOut());
    }

    @Test
    void namesTheRequiredStopsOfADatabaseTooOldForTheTarget() {
        DescribeRelease describer = new ReleaseDescriber(
                new InMemoryVersionSource(published()), CLI, new InMemorySchemaHistory(SchemaVersion.of(2)));

        DescribeRelease.Details details = describer.describe(Version.parse("1.1.0"), Version.parse("1.3.0"));

        assertEquals(List.of(Version.parse("1.2.0")), details.requiredStops());
    }

    @Test
    void aDowngradeBringsNoNotesAndANewDatabaseNoMigrationCount() {
        DescribeRelease describer =
                new ReleaseDescriber(new InMemoryVersionSource(published()), CLI, new InMemorySchemaHistory());

        DescribeRelease.Details down = describer.describe(Version.parse("1.3.0"), Version.parse("1.1.0"));
        assertEquals(List.of(), down.notes());
        assertEquals(Optional.empty(), down.database());

        DescribeRelease.Details up = describer.describe(Version.parse("1.1.0"), Version.parse("1.2.0"));
        assertEquals(List.<ReleaseNotes>of(), up.notes(), "1.2.0 published none");
        assertFalse(up.schema().isEmpty());
    }
}
