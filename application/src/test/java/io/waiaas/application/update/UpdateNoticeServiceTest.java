package io.waiaas.application.update;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.testkit.FakeDaemonClient;
import io.waiaas.application.testkit.FakeDaemonControl;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemoryNoticeMarker;
import io.waiaas.application.testkit.InMemoryStoredRelease;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpdateNoticePolicy;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdateNoticeServiceTest {
    private static final Version CURRENT = Version.parse("1.9.0");
    private static final int PORT = 3100;
    private static final Duration DAEMON_TIMEOUT = Duration.ofMillis(150);
    private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");

    private final FakeDaemonControl processes = new FakeDaemonControl();
    private final FakeDaemonClient daemon = new FakeDaemonClient();
    private final InMemoryKeyValueStore database = new InMemoryKeyValueStore();
    private final InMemoryStoredRelease stored = new InMemoryStoredRelease(database);
    private final InMemoryNoticeMarker marker = new InMemoryNoticeMarker();
    private final MutableClock clock = new MutableClock(NOW);
    private final UpdateNoticeService service =
            new UpdateNoticeService(CURRENT, PORT, DAEMON_TIMEOUT, processes, daemon, stored, marker, clock);

    private static Optional<Version> v(String version) {
        return Optional.of(Version.parse(version));
    }

    private void store(String latest) {
        database.putAll(Map.of(StoredRelease.LATEST_KEY, latest));
    }

    private void daemonKnows(Optional<Version> latest) {
        processes.holdDataDir();
        daemon.serve(PORT, new HealthSnapshot(CURRENT, latest, SchemaVersion.of(2), Duration.ofHours(1), NOW));
    }

    @Test
    void aRunningDaemonIsAskedWhenNothingIsStoredYetAndItsLatestReleaseIsAnnounced() {
        daemonKnows(v("1.10.0"));

        assertEquals(v("1.10.0"), service.dueNotice());

        assertEquals(List.of(new FakeDaemonClient.Ask(PORT, DAEMON_TIMEOUT)), daemon.asked());
        assertEquals(List.of(new UpdateNoticePolicy.Shown(Version.parse("1.10.0"), NOW)), marker.recorded());
    }

    @Test
    void theRegistryWarningsTheDaemonsCheckStoredGoBesideTheNotice() {
        assertEquals(List.of(), service.warnings());
        database.putAll(java.util.Map.of(
                io.waiaas.application.port.out.StoredRelease.WARNINGS_KEY,
                "the registry no longer lists 1.10.0 that it listed before"));
        assertEquals(List.of("the registry no longer lists 1.10.0 that it listed before"), service.warnings());
        UpdateNoticeService fresh = new UpdateNoticeService(
                CURRENT, PORT, DAEMON_TIMEOUT, processes, daemon, new InMemoryStoredRelease(), marker, clock);
        assertEquals(List.of(), fresh.warnings(), "no database, no warning");
    }

    @Test
    void aRunningDaemonThatKnowsNoReleaseLeavesItToTheStoredCheck() {
        store("1.10.0");
        daemonKnows(Optional.empty());
        assertEquals(v("1.10.0"), service.dueNotice());
    }

    @Test
    void theStoredCheckIsReadFirstSoAHungDaemonIsNeverWaitedFor() {
        store("1.10.0");
        processes.holdDataDir();
        assertEquals(v("1.10.0"), service.dueNotice());
        assertEquals(List.of(), daemon.asked());
    }

    @Test
    void aDaemonThatDoesNotAnswerWhenNothingIsStoredMeansNoNotice() {
        processes.holdDataDir();
        assertEquals(Optional.empty(), service.dueNotice());
        assertEquals(1, daemon.asked().size());
        assertEquals(List.of(), marker.recorded());
    }

    @Test
    void withoutARunningDaemonNobodyIsAskedAndTheStoredCheckCounts() {
        store("1.10.0");
        daemon.serve(PORT, new HealthSnapshot(CURRENT, v("9.9.9"), SchemaVersion.of(2), Duration.ZERO, NOW));
        assertEquals(v("1.10.0"), service.dueNotice());
        assertEquals(List.of(), daemon.asked(), "something else on the port is no daemon of this data dir");
    }

    @Test
    void withoutADatabaseNothingIsKnownAndNothingIsRecorded() {
        UpdateNoticeService fresh = new UpdateNoticeService(
                CURRENT, PORT, DAEMON_TIMEOUT, processes, daemon, new InMemoryStoredRelease(), marker, clock);
        assertEquals(Optional.empty(), fresh.dueNotice());
        assertEquals(List.of(), marker.recorded());
    }

    @Test
    void aReleaseThatIsNotNewerIsNeverAnnounced() {
        store("1.9.0");
        assertEquals(Optional.empty(), service.dueNotice());
        store("1.8.0");
        assertEquals(Optional.empty(), service.dueNotice());
        store("1.9.0-rc.1");
        assertEquals(Optional.empty(), service.dueNotice());
        assertEquals(List.of(), marker.recorded());
    }

    @Test
    void theSameReleaseIsQuietForADayThenAnnouncedAgain() {
        store("1.10.0");
        assertEquals(v("1.10.0"), service.dueNotice());
        clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertEquals(Optional.empty(), service.dueNotice());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(v("1.10.0"), service.dueNotice());
        assertEquals(
                List.of(
                        new UpdateNoticePolicy.Shown(Version.parse("1.10.0"), NOW),
                        new UpdateNoticePolicy.Shown(Version.parse("1.10.0"), NOW.plus(Duration.ofDays(1)))),
                marker.recorded(),
                "recorded only when shown");
    }

    @Test
    void aNewerReleaseThanTheOneShownIsAnnouncedAtOnce() {
        store("1.10.0");
        assertEquals(v("1.10.0"), service.dueNotice());
        clock.advance(Duration.ofMinutes(5));
        store("1.11.0");
        assertEquals(v("1.11.0"), service.dueNotice());
    }

    @Test
    void aGarbledMarkerCountsAsNeverShown() {
        store("1.10.0");
        marker.write("garbage");
        assertEquals(v("1.10.0"), service.dueNotice());
    }

    @Test
    void aLockHeldWithoutAPidMeansNoNotice() {
        processes.failWith(ApplicationException.failed("daemon.lock is locked by a process that wrote no valid pid"));
        assertEquals(Optional.empty(), service.dueNotice());
        assertEquals(List.of(), marker.recorded());
    }

    @Test
    void aMarkerThatCannotBeReadOrWrittenMeansNoNotice() {
        store("1.10.0");
        marker.failWith(new IllegalStateException("read-only file system"));
        assertEquals(Optional.empty(), service.dueNotice());
    }

    @Test
    void tellsTheVersionOfThisBuild() {
        assertEquals(CURRENT, service.current());
    }
}
