package io.waiaas.application.update;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.daemon.KnownRelease;
import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.CheckResult;
import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.testkit.InMemoryAuditLog;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.LogLine;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RecordingOperatorLog;
import io.waiaas.domain.ReleaseChannel;
import io.waiaas.domain.UpdatePath;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionCheckJobTest {
    private static final String CLI = "@waiaas/cli";
    private static final Duration INTERVAL = Duration.ofHours(6);

    private final RecordingOperatorLog log = new RecordingOperatorLog();

    /** Answer every check with {@code result}: the in-port's outcome is what this job turns into a log line. */
    private VersionCheckJob jobAnswering(CheckResult result) {
        CheckForUpdates checks = new CheckForUpdates() {
            @Override
            public CheckResult checkNow() {
                return result;
            }

            @Override
            public Optional<Version> loadStored() {
                return Optional.empty();
            }

            @Override
            public TargetCheck checkTarget(Optional<String> to) {
                throw new UnsupportedOperationException("not used by the job");
            }
        };
        return new VersionCheckJob(checks, INTERVAL, log);
    }

    @Test
    void isNamedForLogsAndRunsAtTheConfiguredInterval() {
        VersionCheckJob job = jobAnswering(new CheckResult.Found(Version.parse("1.9.0")));
        assertEquals("version-check", job.name());
        assertEquals(INTERVAL, job.interval());
    }

    @Test
    void logsAReleaseFoundAtInfo() {
        jobAnswering(new CheckResult.Found(Version.parse("1.10.0"))).run();
        assertEquals(List.of(LogLine.info("version check: latest release is 1.10.0")), log.lines());
    }

    @Test
    void logsARegistryThatWentBackAtWarnAndACooldownAtInfo() {
        jobAnswering(new CheckResult.Held(
                        Version.parse("1.9.0"), Optional.of(Version.parse("1.10.0")), "it went back", true))
                .run();
        jobAnswering(new CheckResult.Held(Version.parse("2.0.0"), Optional.empty(), "too young", false))
                .run();
        assertEquals(
                List.of(
                        LogLine.warn("version check: the registry names 1.9.0, not followed: it went back; the latest"
                                + " release known stays 1.10.0"),
                        LogLine.info("version check: the registry names 2.0.0, not followed: too young")),
                log.lines());
    }

    @Test
    void logsAnAnnouncedUpdateAtWarnWithTheCommandToRun() {
        jobAnswering(new CheckResult.UpdateAnnounced(Version.parse("1.9.0"), Version.parse("1.10.0")))
                .run();
        assertEquals(
                List.of(LogLine.warn(
                        "UPDATE_AVAILABLE: waiaas 1.10.0 is available (running 1.9.0); run: waiaas upgrade")),
                log.lines());
    }

    @Test
    void inTheContainerImageTheAnnouncementNamesTheImageToPull() {
        CheckForUpdates announcing = jobAnswering(
                        new CheckResult.UpdateAnnounced(Version.parse("1.9.0"), Version.parse("1.10.0")))
                .checks();
        new VersionCheckJob(announcing, INTERVAL, log, UpdatePath.IMAGE).run();
        assertEquals(
                List.of(LogLine.warn("UPDATE_AVAILABLE: waiaas 1.10.0 is available (running 1.9.0); pull the image"
                        + " of waiaas 1.10.0 (e.g. ghcr.io/waiaas/waiaas:1.10.0) and recreate the container")),
                log.lines());
    }

    @Test
    void logsAFailureAtWarnWithItsReasonVerbatim() {
        jobAnswering(new CheckResult.Failed("version check of @waiaas/cli@latest failed: registry down"))
                .run();
        assertEquals(List.of(LogLine.warn("version check of @waiaas/cli@latest failed: registry down")), log.lines());
    }

    @Test
    void preparingServesTheStoredReleaseFromMemoryWithoutAskingTheRegistryOrLogging() {
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        store.putAll(Map.of(StoredRelease.LATEST_KEY, "1.10.0"));
        InMemoryVersionSource registry = new InMemoryVersionSource(new PublishedPackages());
        KnownRelease known = new KnownRelease();
        VersionCheckJob job = new VersionCheckJob(
                new VersionCheckService(
                        Version.parse("1.9.0"),
                        new ReleaseChannel(CLI, "latest"),
                        registry,
                        store,
                        new InMemoryAuditLog(),
                        known,
                        new MutableClock(Instant.parse("2026-11-26T06:00:00Z")),
                        VersionCheckService.Trust.DEFAULT),
                INTERVAL,
                log);

        job.prepare();

        assertEquals(Optional.of(Version.parse("1.10.0")), known.latest());
        assertEquals(0, registry.calls());
        assertEquals(List.of(), log.lines());
    }

    @Test
    void aNewerReleaseIsAnnouncedAtWarnOnceAndThenLoggedAtInfo() {
        PublishedPackages published =
                new PublishedPackages().publish(CLI, "1.9.0", "1.10.0").tag(CLI, "latest", "1.10.0");
        InMemoryAuditLog audit = new InMemoryAuditLog();
        VersionCheckJob job = new VersionCheckJob(
                new VersionCheckService(
                        Version.parse("1.9.0"),
                        new ReleaseChannel(CLI, "latest"),
                        new InMemoryVersionSource(published),
                        new InMemoryKeyValueStore(),
                        audit,
                        new KnownRelease(),
                        new MutableClock(Instant.parse("2026-11-26T06:00:00Z")),
                        VersionCheckService.Trust.DEFAULT),
                INTERVAL,
                log);

        job.run();
        job.run();

        assertEquals(
                List.of(
                        LogLine.warn(
                                "UPDATE_AVAILABLE: waiaas 1.10.0 is available (running 1.9.0); run: waiaas upgrade"),
                        LogLine.info("version check: latest release is 1.10.0")),
                log.lines());
        assertEquals(1, audit.ofType(VersionCheckService.UPDATE_AVAILABLE).size());
    }
}
