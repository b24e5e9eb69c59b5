package io.waiaas.application.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.daemon.KnownRelease;
import io.waiaas.application.testkit.InMemoryAuditLog;
import io.waiaas.application.testkit.InMemoryUpgradeHistory;
import io.waiaas.application.testkit.LogLine;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.RecordingOperatorLog;
import io.waiaas.application.testkit.RecordingUpgradeStarter;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.MaintenanceWindow;
import io.waiaas.domain.Reason;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The daemon's unattended updates over the verified fakes: a clock in Europe/Berlin, a window on Sunday night. */
class AutoUpdateJobTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Version N = Version.parse("1.4.2");
    private static final Version PATCH = Version.parse("1.4.3");
    /** Sunday 2026-12-06, 01:30 in Berlin (00:30 UTC): half an hour before the window. */
    private static final Instant BEFORE = Instant.parse("2026-12-06T00:30:00Z");

    private final MutableClock clock = new MutableClock(BEFORE);
    private final KnownRelease known = new KnownRelease();
    private final InMemoryUpgradeHistory history = new InMemoryUpgradeHistory();
    private final RecordingUpgradeStarter starter = new RecordingUpgradeStarter();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final RecordingOperatorLog log = new RecordingOperatorLog();

    private AutoUpdateJob job(AutoApply mode, boolean inContainer) {
        return new AutoUpdateJob(
                new AutoUpdateJob.Settings(mode, MaintenanceWindow.parseAll("Sun 02:00-04:00"), BERLIN, inContainer),
                N,
                known,
                history,
                starter,
                audit,
                log,
                clock);
    }

    @Test
    void startsTheUpgradeOnceInsideTheWindowInLocalTimeAndAuditsIt() {
        known.update(PATCH);
        AutoUpdateJob job = job(AutoApply.PATCH, false);

        job.run();
        assertEquals(List.of(), starter.started(), "not before the window opens in local time");

        clock.advance(Duration.ofMinutes(31)); // 02:01 in Berlin
        job.run();
        job.run();
        clock.advance(Duration.ofMinutes(30));
        job.run();

        assertEquals(List.of(PATCH), starter.started(), "one attempt per occurrence of the window");
        assertEquals(1, audit.ofType(AutoUpdateJob.AUTO_UPGRADE).size());
        assertTrue(audit.ofType(AutoUpdateJob.AUTO_UPGRADE).getFirst().detail().startsWith("1.4.2 -> 1.4.3"));

        clock.advance(Duration.ofDays(7));
        job.run();
        assertEquals(List.of(PATCH, PATCH), starter.started(), "the next occurrence tries again");
    }

    @Test
    void aReleaseLearntInsideTheWindowIsAppliedAtOnceNotAtTheNextTick() {
        clock.advance(Duration.ofMinutes(31)); // 02:01 in Berlin: the window is open
        AutoUpdateJob job = job(AutoApply.PATCH, false);
        job.prepare();
        job.run();
        assertEquals(List.of(), starter.started(), "nothing known yet");

        known.update(PATCH); // the daemon's version check, on its own thread
        assertEquals(List.of(PATCH), starter.started());
        known.update(PATCH);
        assertEquals(List.of(PATCH), starter.started(), "the same release again is no change");
    }

    @Test
    void saysWhyItWaitsOnceNotEachMinute() {
        known.update(PATCH);
        AutoUpdateJob job = job(AutoApply.PATCH, false);
        for (int i = 0; i < 5; i++) {
            job.run();
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(
                List.of(LogLine.info("unattended update: waiting for a maintenance window (Sun 02:00-04:00)")),
                log.lines());
    }

    @Test
    void neverAgainAVersionThatWasRolledBackNorInAContainerNorAKindLeftToTheOperator() {
        clock.advance(Duration.ofMinutes(45)); // inside the window
        history.record(UpgradeRecord.started(BEFORE, N, PATCH));
        history.record(new UpgradeRecord(
                BEFORE,
                UpgradeRecord.Action.UPGRADE,
                UpgradeRecord.Result.ROLLED_BACK,
                Optional.of(N),
                Optional.of(PATCH),
                Optional.of(Reason.MIGRATION_FAILED)));
        known.update(PATCH);
        job(AutoApply.PATCH, false).run();
        job(AutoApply.MAJOR, true).run();
        known.update(Version.parse("2.0.0"));
        job(AutoApply.MINOR, false).run();

        assertEquals(List.of(), starter.started());
        assertEquals(
                List.of(
                        "unattended update: the upgrade to 1.4.3 was rolled back before; run: waiaas upgrade --to 1.4.3",
                        "unattended update: unattended updates never run in a container: pull the new image",
                        "unattended update: 2.0.0 is not a minor update of 1.4.2; run: waiaas upgrade"),
                log.lines().stream().map(LogLine::message).toList());
    }

    @Test
    void anUpgradeThatCannotBeStartedIsLoggedAndNotRetriedInTheSameWindow() {
        known.update(PATCH);
        starter.failures().failNext("start", ApplicationException.failed("cannot run /opt/waiaas/bin/waiaas"));
        AutoUpdateJob job = job(AutoApply.PATCH, false);
        clock.advance(Duration.ofMinutes(45));

        job.run();
        job.run();

        assertEquals(List.of(), starter.started());
        assertEquals(
                LogLine.warn(
                        "unattended update: could not start the upgrade to 1.4.3: cannot run /opt/waiaas/bin/waiaas;"
                                + " the next window tries again"),
                log.lines().getFirst());
    }
}
