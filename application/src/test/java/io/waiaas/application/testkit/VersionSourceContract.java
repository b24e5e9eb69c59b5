package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.PublishedVersion;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link VersionSource} must show, whatever registry it asks. */
public interface VersionSourceContract {

    /** The scoped package the contract publishes, as waiaas itself is published. */
    String CLI = "@waiaas/cli";

    /** Create a source answering from {@code published}; later changes to {@code published} must show. */
    VersionSource newSource(PublishedPackages published);

    private static PublishedPackages typical() {
        return new PublishedPackages()
                .publish(CLI, "1.0.0", "1.1.0", "1.2.0-rc.1", "1.1.1", "2.0.0-beta.1")
                .tag(CLI, "latest", "1.1.1")
                .tag(CLI, "next", "2.0.0-beta.1");
    }

    private static void assertFails(Runnable call, String... mentions) {
        WaiaasException e = assertThrows(WaiaasException.class, call::run);
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention " + m);
        }
    }

    @Test
    default void returnsTheVersionTheDistTagPointsAt() {
        VersionSource source = newSource(typical());
        assertEquals(Version.parse("1.1.1"), source.distTag(CLI, "latest"));
    }

    @Test
    default void returnsAPreReleaseWhenTheTagPointsAtOne() {
        VersionSource source = newSource(typical());
        assertEquals(Version.parse("2.0.0-beta.1"), source.distTag(CLI, "next"));
    }

    @Test
    default void answersForAnUnscopedPackageToo() {
        VersionSource source =
                newSource(new PublishedPackages().publish("left-pad", "1.3.0").tag("left-pad", "latest", "1.3.0"));
        assertEquals(Version.parse("1.3.0"), source.distTag("left-pad", "latest"));
        assertEquals(List.of(Version.parse("1.3.0")), source.versions("left-pad"));
    }

    @Test
    default void seesATagThatMovedSinceTheLastAnswer() {
        PublishedPackages published = typical();
        VersionSource source = newSource(published);
        assertEquals(Version.parse("1.1.1"), source.distTag(CLI, "latest"));
        assertEquals(Version.parse("1.1.1"), source.distTag(CLI, "latest"));
        published.publish(CLI, "1.3.0").tag(CLI, "latest", "1.3.0");
        assertEquals(Version.parse("1.3.0"), source.distTag(CLI, "latest"));
    }

    @Test
    default void failsNamingAMissingTag() {
        VersionSource source = newSource(typical());
        assertFails(() -> source.distTag(CLI, "canary"), "canary");
    }

    @Test
    default void failsWhenTheTagDoesNotPointAtASemanticVersion() {
        VersionSource source = newSource(typical().tag(CLI, "latest", "banana"));
        assertFails(() -> source.distTag(CLI, "latest"), "latest", "banana");
    }

    @Test
    default void failsForAnUnknownPackage() {
        VersionSource source = newSource(typical());
        assertFails(() -> source.distTag("@waiaas/nothing", "latest"), "@waiaas/nothing");
        assertFails(() -> source.versions("@waiaas/nothing"), "@waiaas/nothing");
    }

    @Test
    default void listsValidVersionsAscendingAndSkipsInvalidOnes() {
        VersionSource source = newSource(typical().publish(CLI, "not-a-version", "01.2.3", "0.9.0"));
        assertEquals(
                List.of("0.9.0", "1.0.0", "1.1.0", "1.1.1", "1.2.0-rc.1", "2.0.0-beta.1"),
                source.versions(CLI).stream().map(Version::toString).toList());
    }

    @Test
    default void returnsAnEmptyListWhenNothingValidIsPublished() {
        VersionSource source =
                newSource(new PublishedPackages().publish("empty", "garbage").tag("empty", "latest", "garbage"));
        assertEquals(List.of(), source.versions("empty"));
    }

    @Test
    default void describesAPublishedReleaseWithItsTarballIntegrityAndSchema() {
        PublishedPackages published = typical()
                .tarball(CLI, "1.1.0", TarballBuilder.npmPackage(CLI, "1.1.0").build())
                .manifestField(CLI, "1.1.0", "waiaas", "{\"schemaVersion\":3,\"minCompatibleSchemaVersion\":2}");
        PackageRelease release = newSource(published).release(CLI, Version.parse("1.1.0"));

        PublishedPackages.Published pkg = published.find(CLI).orElseThrow();
        assertEquals(CLI, release.packageName());
        assertEquals(Version.parse("1.1.0"), release.version());
        assertEquals(CLI + "@1.1.0", release.id());
        assertEquals(pkg.integrity("1.1.0"), release.integrity());
        assertTrue(release.tarballUrl().endsWith("/@waiaas/cli/-/cli-1.1.0.tgz"), release.tarballUrl());
        assertEquals(Optional.of(ReleaseSchema.of(3, 2)), release.schema());
        assertEquals(Optional.of(pkg.publishedAt("1.1.0")), release.publishedAt());
        assertEquals(List.of(), release.signatures());
        assertEquals(ReleaseOrigin.Provenance.NONE, release.provenance(), "no dist.attestations: no provenance");
    }

    @Test
    default void carriesTheRegistrysSignaturesAndPublishTime() {
        RegistryKey key = RegistryKey.generate("SHA256:contract");
        Instant published = Instant.parse("2026-03-04T05:06:07.089Z");
        PublishedPackages packages = typical()
                .tarball(CLI, "1.1.0", TarballBuilder.npmPackage(CLI, "1.1.0").build())
                .keys(key)
                .sign(CLI, "1.1.0", key)
                .publishedAt(CLI, "1.1.0", published);
        PackageRelease release = newSource(packages).release(CLI, Version.parse("1.1.0"));

        assertEquals(packages.find(CLI).orElseThrow().signatures("1.1.0"), release.signatures());
        assertEquals(1, release.signatures().size());
        assertEquals("SHA256:contract", release.signatures().get(0).keyId());
        assertEquals(Optional.of(published), release.publishedAt());
    }

    @Test
    default void carriesTheReleaseNotesOfItsOwnVersionFromItsWaiaasBlock() {
        String notes = "## [1.1.0](https://example.invalid/compare/v1.0.0...v1.1.0) (2026-12-01)\\n\\n"
                + "### \\u26a0 BREAKING CHANGES\\n\\n* **upgrade:** \\\"journal\\\" moved\\n\\n"
                + "### Features\\n\\n* **cli:** doctor\\n\\n## 1.0.0\\n\\n* older\\n";
        PublishedPackages published = typical()
                .manifestField(
                        CLI,
                        "1.1.0",
                        "waiaas",
                        "{\"schemaVersion\":3,\"minCompatibleSchemaVersion\":2,\"releaseNotes\":\"" + notes + "\"}")
                .manifestField(
                        CLI,
                        "1.0.0",
                        "waiaas",
                        "{\"schemaVersion\":2,\"minCompatibleSchemaVersion\":1,"
                                + "\"releaseNotes\":\"## 0.9.0\\n\\n* not 1.0.0's\\n\"}");
        VersionSource source = newSource(published);

        List<ReleaseNotes> carried = source.release(CLI, Version.parse("1.1.0")).notes();
        assertEquals(
                List.of("1.1.0", "1.0.0"),
                carried.stream().map(n -> n.version().toString()).toList());
        ReleaseNotes own = carried.getFirst();
        assertEquals(List.of("upgrade: \"journal\" moved"), own.breakingChanges());
        assertEquals(List.of(new ReleaseNotes.Section("Features", List.of("cli: doctor"))), own.otherSections());
        assertEquals(
                List.of("0.9.0"),
                source.release(CLI, Version.parse("1.0.0")).notes().stream()
                        .map(n -> n.version().toString())
                        .toList());
    }

    @Test
    default void describesAReleaseWithoutAWaiaasBlockAsHavingNoSchema() {
        VersionSource source = newSource(typical());
        assertEquals(
                Optional.empty(), source.release(CLI, Version.parse("1.0.0")).schema());
    }

    @Test
    default void failsNamingAVersionThatIsNotPublished() {
        VersionSource source = newSource(typical());
        assertFails(() -> source.release(CLI, Version.parse("9.9.9")), "9.9.9");
        assertFails(() -> source.release("@waiaas/nothing", Version.parse("1.0.0")), "@waiaas/nothing");
    }

    @Test
    default void failsOnAWaiaasBlockWithoutIntegerSchemaVersions() {
        VersionSource source = newSource(typical()
                .manifestField(
                        CLI, "1.1.0", "waiaas", "{\"schemaVersion\":\"three\",\"minCompatibleSchemaVersion\":2}"));
        assertFails(() -> source.release(CLI, Version.parse("1.1.0")), "waiaas", "1.1.0");
    }

    @Test
    default void failsOnAWaiaasBlockWhoseMinimumIsAboveItsSchema() {
        VersionSource source = newSource(typical()
                .manifestField(CLI, "1.1.0", "waiaas", "{\"schemaVersion\":2,\"minCompatibleSchemaVersion\":3}"));
        assertFails(() -> source.release(CLI, Version.parse("1.1.0")), "waiaas", "minCompatibleSchemaVersion");
    }

    @Test
    default void carriesTheRegistrysDeprecationOfAVersion() {
        VersionSource source = newSource(typical().deprecate(CLI, "1.1.0", "data loss on \"restore\"; use 1.1.1"));
        assertEquals(
                Optional.of("data loss on \"restore\"; use 1.1.1"),
                source.release(CLI, Version.parse("1.1.0")).deprecated());
        assertEquals(
                Optional.empty(), source.release(CLI, Version.parse("1.0.0")).deprecated());
    }

    @Test
    default void anEmptyDeprecationMessageIsNoDeprecation() {
        VersionSource source = newSource(typical().manifestField(CLI, "1.1.0", "deprecated", "\"\""));
        assertEquals(
                Optional.empty(), source.release(CLI, Version.parse("1.1.0")).deprecated());
        assertEquals(
                Optional.empty(),
                source.catalogue(CLI).stream()
                        .filter(v -> v.version().equals(Version.parse("1.1.0")))
                        .findFirst()
                        .orElseThrow()
                        .deprecated());
    }

    @Test
    default void cataloguesEveryValidVersionWithItsPublishTimeAndDeprecation() {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        PublishedPackages published = typical()
                .publish(CLI, "not-a-version")
                .publishedAt(CLI, "1.1.1", at)
                .deprecate(CLI, "1.0.0", "recalled");
        List<PublishedVersion> catalogue = newSource(published).catalogue(CLI);

        assertEquals(
                newSource(published).versions(CLI),
                catalogue.stream().map(PublishedVersion::version).toList());
        PublishedVersion oldest = catalogue.getFirst();
        assertEquals(Optional.of("recalled"), oldest.deprecated());
        assertEquals(Optional.of(published.find(CLI).orElseThrow().publishedAt("1.0.0")), oldest.publishedAt());
        PublishedVersion latest = catalogue.stream()
                .filter(v -> v.version().equals(Version.parse("1.1.1")))
                .findFirst()
                .orElseThrow();
        assertEquals(Optional.of(at), latest.publishedAt());
        assertEquals(Optional.empty(), latest.deprecated());
    }

    @Test
    default void seesAVersionTheRegistryNoLongerLists() {
        PublishedPackages published = typical();
        VersionSource source = newSource(published);
        assertTrue(source.catalogue(CLI).stream().anyMatch(v -> v.version().equals(Version.parse("1.1.1"))));
        published.unpublish(CLI, "1.1.1").tag(CLI, "latest", "1.1.0");
        assertTrue(source.catalogue(CLI).stream().noneMatch(v -> v.version().equals(Version.parse("1.1.1"))));
        assertEquals(Version.parse("1.1.0"), source.distTag(CLI, "latest"));
    }

    @Test
    default void failsCataloguingAnUnknownPackage() {
        VersionSource source = newSource(typical());
        assertFails(() -> source.catalogue("@waiaas/nothing"), "@waiaas/nothing");
    }
}
