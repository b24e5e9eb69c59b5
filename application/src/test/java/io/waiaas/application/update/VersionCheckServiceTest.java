package io.waiaas.application.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.daemon.KnownRelease;
import io.waiaas.application.port.in.CheckResult;
import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.application.port.out.AuditEvent;
import io.waiaas.application.port.out.KeyValueStore;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.testkit.InMemoryAuditLog;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemoryStoredRelease;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.MetadataHistory;
import io.waiaas.domain.ReleaseChannel;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionCheckServiceTest {
    private static final String CLI = "@waiaas/cli";
    private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");

    private final PublishedPackages published = new PublishedPackages()
            .publish(CLI, "1.0.0", "1.1.0", "2.0.0-rc.1")
            .tag(CLI, "latest", "1.1.0")
            .tag(CLI, "next", "2.0.0-rc.1");
    private final InMemoryVersionSource source = new InMemoryVersionSource(published);
    private final RecordingStore store = new RecordingStore();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final KnownRelease knownRelease = new KnownRelease();

    /** Remember every putAll call, so a test can tell what was written together. */
    private static final class RecordingStore implements KeyValueStore {
        final InMemoryKeyValueStore delegate = new InMemoryKeyValueStore();
        final List<Map<String, String>> transactions = new ArrayList<>();
        RuntimeException failure;

        @Override
        public Optional<String> get(String key) {
            return delegate.get(key);
        }

        @Override
        public void putAll(Map<String, String> entries) {
            if (failure != null) {
                throw failure;
            }
            transactions.add(Map.copyOf(entries));
            delegate.putAll(entries);
        }
    }

    private VersionCheckService service(String current, String tag, Instant now) {
        return new VersionCheckService(
                Version.parse(current),
                new ReleaseChannel(CLI, tag),
                source,
                store,
                audit,
                knownRelease,
                InstantSource.fixed(now),
                VersionCheckService.Trust.DEFAULT);
    }

    private VersionCheckService service(String current) {
        return service(current, "latest", NOW);
    }

    @Test
    void storesLatestAndCheckedAtInOneTransaction() {
        CheckResult result = service("1.1.0").checkNow();

        assertEquals(new CheckResult.Found(Version.parse("1.1.0")), result);
        assertEquals(1, store.transactions.size());
        Map<String, String> written = store.transactions.getFirst();
        assertEquals("1.1.0", written.get(StoredRelease.LATEST_KEY));
        assertEquals(Long.toString(NOW.getEpochSecond()), written.get(VersionCheckService.CHECKED_AT_KEY));
        // What the registry said is kept in the same transaction (TRST-01), with no warning.
        assertEquals("1.1.0", written.get(MetadataHistory.HIGHEST_ROW));
        assertEquals("", written.get(StoredRelease.WARNINGS_KEY));
        assertEquals(Optional.of(Version.parse("1.1.0")), knownRelease.latest());
        assertEquals(List.of(), audit.ofType(VersionCheckService.UPDATE_AVAILABLE));
    }

    @Test
    void announcesANewerVersionOnceAndStoresItWithTheCheck() {
        CheckResult result = service("1.0.0").checkNow();

        assertEquals(new CheckResult.UpdateAnnounced(Version.parse("1.0.0"), Version.parse("1.1.0")), result);
        assertEquals(1, store.transactions.size());
        assertEquals("1.1.0", store.transactions.get(0).get(StoredRelease.LATEST_KEY));
        assertEquals("1.1.0", store.transactions.get(0).get(VersionCheckService.NOTIFIED_KEY));
        List<AuditEvent> events = audit.ofType(VersionCheckService.UPDATE_AVAILABLE);
        assertEquals(List.of(new AuditEvent(NOW, "UPDATE_AVAILABLE", "1.0.0 -> 1.1.0")), events);
    }

    @Test
    void announcesEachNewVersionExactlyOnceAcrossRestarts() {
        for (int restart = 0; restart < 3; restart++) {
            VersionCheckService fresh = service("1.0.0", "latest", NOW.plusSeconds(restart * 3600L));
            fresh.loadStored();
            CheckResult first = fresh.checkNow();
            CheckResult second = fresh.checkNow();
            if (restart == 0) {
                assertInstanceOf(CheckResult.UpdateAnnounced.class, first);
            } else {
                assertEquals(new CheckResult.Found(Version.parse("1.1.0")), first);
            }
            assertEquals(new CheckResult.Found(Version.parse("1.1.0")), second);
        }
        assertEquals(1, audit.ofType(VersionCheckService.UPDATE_AVAILABLE).size());

        published.publish(CLI, "1.2.0").tag(CLI, "latest", "1.2.0");
        assertEquals(
                new CheckResult.UpdateAnnounced(Version.parse("1.0.0"), Version.parse("1.2.0")),
                service("1.0.0").checkNow());
        assertEquals(
                List.of("1.0.0 -> 1.1.0", "1.0.0 -> 1.2.0"),
                audit.ofType(VersionCheckService.UPDATE_AVAILABLE).stream()
                        .map(AuditEvent::detail)
                        .toList());
    }

    @Test
    void doesNotAnnounceAVersionOlderThanTheRunningOne() {
        CheckResult result = service("2.0.0-rc.1").checkNow();

        assertEquals(new CheckResult.Found(Version.parse("1.1.0")), result);
        assertEquals(List.of(), audit.ofType(VersionCheckService.UPDATE_AVAILABLE));
        assertEquals(Optional.of("1.1.0"), store.get(StoredRelease.LATEST_KEY));
    }

    @Test
    void followsThePreReleaseChannel() {
        CheckResult result = service("1.1.0", "next", NOW).checkNow();

        assertEquals(new CheckResult.UpdateAnnounced(Version.parse("1.1.0"), Version.parse("2.0.0-rc.1")), result);
    }

    @Test
    void keepsTheOldValuesWhenTheRegistryFails() {
        service("1.0.0").checkNow();
        Map<String, String> before = Map.copyOf(store.transactions.get(0));
        source.failWith(ApplicationException.failed("npm registry did not answer within 5 s"));

        CheckResult result = service("1.0.0", "latest", NOW.plusSeconds(86_400)).checkNow();

        CheckResult.Failed failed = assertInstanceOf(CheckResult.Failed.class, result);
        assertTrue(failed.reason().contains("did not answer within 5 s"), failed.reason());
        assertEquals(2, store.transactions.size());
        assertEquals(
                Optional.of(before.get(VersionCheckService.CHECKED_AT_KEY)),
                store.get(VersionCheckService.CHECKED_AT_KEY));
        assertEquals(Optional.of("1.1.0"), store.get(StoredRelease.LATEST_KEY));
        assertEquals(Optional.of(Version.parse("1.1.0")), knownRelease.latest());
    }

    @Test
    void storesWhyAndWhenACheckFailedSoStatusCanSayWhyLatestIsUnknown() {
        source.failWith(ApplicationException.failed("npm registry https://npm.example/ refused access (HTTP 401)"));

        service("1.0.0").checkNow();

        assertEquals(
                List.of(Map.of(
                        StoredRelease.ERROR_KEY,
                        "npm registry https://npm.example/ refused access (HTTP 401)",
                        StoredRelease.FAILED_AT_KEY,
                        Long.toString(NOW.getEpochSecond()))),
                store.transactions);
        assertEquals(
                Optional.of(new CheckFailure("npm registry https://npm.example/ refused access (HTTP 401)", NOW)),
                new InMemoryStoredRelease(store).lastFailure());
    }

    @Test
    void neverThrowsEvenOnAnUnexpectedError() {
        source.failWith(new IllegalStateException("boom"));
        CheckResult.Failed failed =
                assertInstanceOf(CheckResult.Failed.class, service("1.0.0").checkNow());
        assertTrue(failed.reason().contains("IllegalStateException: boom"), failed.reason());
    }

    @Test
    void reportsAStoreFailureWithoutAnnouncing() {
        store.failure = new IllegalStateException("database is locked");
        CheckResult.Failed failed =
                assertInstanceOf(CheckResult.Failed.class, service("1.0.0").checkNow());
        assertTrue(failed.reason().contains("database is locked"), failed.reason());
        assertEquals(List.of(), audit.ofType(VersionCheckService.UPDATE_AVAILABLE));
        assertEquals(Optional.empty(), knownRelease.latest());
    }

    @Test
    void loadsTheStoredLatestIntoMemoryAtStart() {
        store.putAll(Map.of(StoredRelease.LATEST_KEY, "1.1.0"));

        assertEquals(Optional.of(Version.parse("1.1.0")), service("1.0.0").loadStored());
        assertEquals(Optional.of(Version.parse("1.1.0")), knownRelease.latest());
        assertEquals(0, source.calls());
    }

    @Test
    void ignoresAStoredValueThatIsNotAVersion() {
        store.putAll(Map.of(StoredRelease.LATEST_KEY, "banana"));

        assertEquals(Optional.empty(), service("1.0.0").loadStored());
        assertEquals(Optional.empty(), knownRelease.latest());
    }

    @Test
    void checksTheChannelTargetWithoutStoringOrAnnouncing() {
        assertEquals(
                new TargetCheck.UpdateAvailable(Version.parse("1.0.0"), Version.parse("1.1.0")),
                service("1.0.0").checkTarget(Optional.empty()));
        assertEquals(
                new TargetCheck.UpToDate(Version.parse("1.1.0"), Version.parse("1.1.0")),
                service("1.1.0").checkTarget(Optional.empty()));
        assertEquals(List.of(), store.transactions);
        assertEquals(List.of(), audit.ofType(VersionCheckService.UPDATE_AVAILABLE));
        assertEquals(Optional.empty(), knownRelease.latest());
    }

    @Test
    void checksAnExplicitTargetByVersionTagOrRange() {
        assertEquals(
                new TargetCheck.Downgrade(Version.parse("1.1.0"), Version.parse("1.0.0")),
                service("1.1.0").checkTarget(Optional.of("1.0.0")));
        assertEquals(
                new TargetCheck.UpdateAvailable(Version.parse("1.1.0"), Version.parse("2.0.0-rc.1")),
                service("1.1.0").checkTarget(Optional.of("next")));
        assertEquals(
                new TargetCheck.UpToDate(Version.parse("1.1.0"), Version.parse("1.1.0")),
                service("1.1.0").checkTarget(Optional.of("^1.0.0")));
    }

    @Test
    void letsARegistryFailureOfAnExplicitCheckThrough() {
        source.failWith(ApplicationException.failed("npm registry answered HTTP 500"));
        ApplicationException e =
                assertThrows(ApplicationException.class, () -> service("1.0.0").checkTarget(Optional.empty()));
        assertEquals(ErrorCode.FAILED, e.code());
    }
}
