package io.waiaas.application.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.daemon.KnownRelease;
import io.waiaas.application.port.in.CheckResult;
import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.testkit.InMemoryAuditLog;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemoryStoredRelease;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.ReleaseChannel;
import io.waiaas.domain.ReleaseVetting;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The version check and the upgrade target under the registry-metadata rules (TRST-01..TRST-04): a registry going back
 * on itself is reported and not followed, releases younger than {@code min_release_age} and deprecated ones are not
 * chosen, an installed deprecated version is flagged.
 */
class MetadataTrustTest {
    private static final String CLI = "@waiaas/cli";
    private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

    private final PublishedPackages published = new PublishedPackages()
            .publish(CLI, "1.0.0", "1.1.0", "1.2.0")
            .publishedAt(CLI, "1.0.0", NOW.minus(Duration.ofDays(60)))
            .publishedAt(CLI, "1.1.0", NOW.minus(Duration.ofDays(30)))
            .publishedAt(CLI, "1.2.0", NOW.minus(Duration.ofDays(10)))
            .tag(CLI, "latest", "1.2.0");
    private final InMemoryVersionSource source = new InMemoryVersionSource(published);
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final KnownRelease known = new KnownRelease();
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryStoredRelease stored = new InMemoryStoredRelease(store);

    private VersionCheckService service(String current, VersionCheckService.Trust trust) {
        return new VersionCheckService(
                Version.parse(current), new ReleaseChannel(CLI, "latest"), source, store, audit, known, clock, trust);
    }

    private VersionCheckService service(String current) {
        return service(current, VersionCheckService.Trust.DEFAULT);
    }

    @Test
    void aDistTagMovedBackwardsIsReportedAndNotFollowed() {
        assertEquals(
                new CheckResult.UpdateAnnounced(Version.parse("1.0.0"), Version.parse("1.2.0")),
                service("1.0.0").checkNow());
        published.tag(CLI, "latest", "1.1.0");
        clock.advance(Duration.ofDays(1));

        CheckResult.Held held =
                assertInstanceOf(CheckResult.Held.class, service("1.0.0").checkNow());
        assertTrue(held.distrusted());
        assertEquals(Optional.of(Version.parse("1.2.0")), held.kept());
        assertTrue(held.reason().contains("older than 1.2.0"), held.reason());
        assertEquals(Optional.of(Version.parse("1.2.0")), stored.latest(), "the stored latest never goes down");
        assertEquals(Optional.of(Version.parse("1.2.0")), known.latest());
        assertTrue(
                stored.warnings().getFirst().contains("names 1.1.0, older than 1.2.0"),
                stored.warnings().toString());
    }

    @Test
    void aRemovedVersionIsReportedAcrossRestartsUntilTheRegistryListsItAgain() {
        service("1.1.0").checkNow();
        published.unpublish(CLI, "1.2.0").tag(CLI, "latest", "1.1.0");

        assertInstanceOf(CheckResult.Held.class, service("1.1.0").checkNow());
        // A new service is a restarted daemon: the history is in the store, not in memory.
        assertInstanceOf(CheckResult.Held.class, service("1.1.0").checkNow());
        assertTrue(
                stored.warnings().stream().anyMatch(w -> w.contains("no longer lists 1.2.0")),
                stored.warnings().toString());

        published.publish(CLI, "1.2.0").tag(CLI, "latest", "1.2.0");
        assertEquals(
                new CheckResult.Found(Version.parse("1.2.0")), service("1.1.0").checkNow());
        assertEquals(List.of(), stored.warnings());
    }

    @Test
    void aPublicationTimeMovingBackwardsIsReported() {
        service("1.2.0").checkNow();
        published.publishedAt(CLI, "1.2.0", NOW.minus(Duration.ofDays(20)));
        CheckResult.Held held =
                assertInstanceOf(CheckResult.Held.class, service("1.2.0").checkNow());
        assertTrue(held.reason().contains("publication time went back"), held.reason());
    }

    @Test
    void metadataUnchangedForLongerThanMaxMetadataAgeIsAWarningButStillFollowed() {
        VersionCheckService.Trust trust =
                new VersionCheckService.Trust(ReleaseVetting.NONE, Optional.of(Duration.ofDays(7)));
        service("1.0.0", trust).checkNow();
        clock.advance(Duration.ofDays(8));
        assertInstanceOf(CheckResult.Found.class, service("1.0.0", trust).checkNow());
        assertTrue(
                stored.warnings().getFirst().contains("has not changed for 8d"),
                stored.warnings().toString());
        published
                .publish(CLI, "1.3.0")
                .publishedAt(CLI, "1.3.0", clock.instant())
                .tag(CLI, "latest", "1.3.0");
        service("1.0.0", trust).checkNow();
        assertEquals(List.of(), stored.warnings());
    }

    @Test
    void aReleaseYoungerThanTheCooldownIsNotTheLatestAndIsTakenOnceOldEnough() {
        published
                .publish(CLI, "1.3.0")
                .publishedAt(CLI, "1.3.0", NOW.minus(Duration.ofHours(2)))
                .tag(CLI, "latest", "1.3.0");
        VersionCheckService.Trust trust =
                new VersionCheckService.Trust(new ReleaseVetting(Duration.ofDays(3)), Optional.empty());

        assertEquals(
                new CheckResult.UpdateAnnounced(Version.parse("1.0.0"), Version.parse("1.2.0")),
                service("1.0.0", trust).checkNow());
        assertEquals(List.of(), stored.warnings(), "a cooldown is a rule, not a warning");
        TargetCheck target = service("1.0.0", trust).checkTarget(Optional.empty());
        assertEquals(Version.parse("1.2.0"), target.target());
        assertEquals(
                Version.parse("1.2.0"),
                service("1.0.0", trust).checkTarget(Optional.of("^1.0.0")).target());
        assertEquals(
                Version.parse("1.3.0"),
                service("1.0.0", trust).checkTarget(Optional.of("1.3.0")).target());
        assertTrue(
                service("1.0.0", trust).exactTargetNote("1.3.0").orElseThrow().contains("min_release_age 3d"));
        assertEquals(Optional.empty(), service("1.0.0", trust).exactTargetNote("1.2.0"));
        assertEquals(Optional.empty(), service("1.0.0", trust).exactTargetNote("^1.3.0"));

        clock.advance(Duration.ofDays(3));
        assertEquals(
                new CheckResult.UpdateAnnounced(Version.parse("1.0.0"), Version.parse("1.3.0")),
                service("1.0.0", trust).checkNow());
    }

    @Test
    void aSingleReleaseYoungerThanTheCooldownIsHeldWithoutDistrust() {
        PublishedPackages fresh = new PublishedPackages()
                .publish(CLI, "1.0.0")
                .publishedAt(CLI, "1.0.0", NOW)
                .tag(CLI, "latest", "1.0.0");
        VersionCheckService check = new VersionCheckService(
                Version.parse("0.9.0"),
                new ReleaseChannel(CLI, "latest"),
                new InMemoryVersionSource(fresh),
                store,
                audit,
                known,
                clock,
                new VersionCheckService.Trust(new ReleaseVetting(Duration.ofDays(1)), Optional.empty()));
        CheckResult.Held held = assertInstanceOf(CheckResult.Held.class, check.checkNow());
        assertTrue(!held.distrusted() && held.reason().contains("younger than min_release_age"), held.reason());
        assertEquals(Optional.empty(), stored.latest());
    }

    @Test
    void aDeprecatedLatestIsNeverChosenAndAnInstalledDeprecatedVersionIsFlagged() {
        published
                .deprecate(CLI, "1.2.0", "corrupts backups; use 1.1.0")
                .deprecate(CLI, "1.0.0", "security fix in 1.1.0");

        assertEquals(
                new CheckResult.UpdateAnnounced(Version.parse("1.0.0"), Version.parse("1.1.0")),
                service("1.0.0").checkNow());
        assertEquals(
                List.of("the installed version 1.0.0 is deprecated by the registry: security fix in 1.1.0"),
                stored.warnings());
        assertEquals(
                Version.parse("1.1.0"),
                service("1.0.0").checkTarget(Optional.empty()).target());
        assertEquals(
                Version.parse("1.1.0"),
                service("1.0.0").checkTarget(Optional.of(">=1.1.0")).target());
    }

    @Test
    void theUpgradeSourceRefusesADeprecatedReleaseUnlessAllowedAndHidesItFromRanges() {
        published.deprecate(CLI, "1.2.0", "corrupts backups");
        VettedVersionSource refusing = new VettedVersionSource(source, ReleaseVetting.NONE, false, clock);
        TargetResolver resolver = new TargetResolver(refusing);

        assertEquals(Version.parse("1.1.0"), resolver.resolve(CLI, "latest"));
        assertEquals(Version.parse("1.1.0"), resolver.resolve(CLI, "^1.0.0"));
        assertEquals(Version.parse("1.2.0"), resolver.resolve(CLI, "1.2.0"));
        WaiaasException refused =
                assertThrows(WaiaasException.class, () -> refusing.release(CLI, Version.parse("1.2.0")));
        assertEquals(ErrorCode.REFUSED, refused.code());
        assertEquals(
                "1.2.0 is deprecated by the registry: corrupts backups; nothing was changed (add --allow-deprecated to"
                        + " install it anyway)",
                refused.getMessage());
        assertEquals(
                Optional.of("corrupts backups"),
                new VettedVersionSource(source, ReleaseVetting.NONE, true, clock)
                        .release(CLI, Version.parse("1.2.0"))
                        .deprecated());
    }

    @Test
    void aTagWhoseEveryCandidateIsHeldBackFailsNamingWhy() {
        published.deprecate(CLI, "1.0.0", "x").deprecate(CLI, "1.1.0", "y").deprecate(CLI, "1.2.0", "z");
        VettedVersionSource vetted = new VettedVersionSource(source, ReleaseVetting.NONE, false, clock);
        WaiaasException e = assertThrows(WaiaasException.class, () -> vetted.distTag(CLI, "latest"));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().contains("1.2.0 is deprecated by the registry: z"), e.getMessage());
    }

    @Test
    void aWarningRowIsWrittenEvenWhenTheCheckIsHeld() {
        service("1.2.0").checkNow();
        published.tag(CLI, "latest", "1.0.0");
        service("1.2.0").checkNow();
        assertTrue(store.get(StoredRelease.WARNINGS_KEY).orElseThrow().contains("1.0.0"));
    }
}
