package io.waiaas.application.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.WebhookReport;
import io.waiaas.application.port.out.AuditEvent;
import io.waiaas.application.port.out.DeliveryCursor;
import io.waiaas.application.testkit.FakeWebhook;
import io.waiaas.application.testkit.InMemoryAuditLog;
import io.waiaas.application.testkit.InMemoryDeliveryCursor;
import io.waiaas.application.testkit.InMemoryUpgradeHistory;
import io.waiaas.application.testkit.LogLine;
import io.waiaas.application.testkit.ManualPause;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.RecordingOperatorLog;
import io.waiaas.application.update.VersionCheckService;
import io.waiaas.domain.DeliveryPolicy;
import io.waiaas.domain.Notification;
import io.waiaas.domain.Reason;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Webhook delivery over the verified fakes: one data dir, its history, its audit log, a receiver and a clock. */
class WebhookServiceTest {
    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    private static final Version V0 = Version.parse("0.1.0");
    private static final Version V1 = Version.parse("0.1.1");
    private static final DeliveryPolicy POLICY = new DeliveryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(10));
    private static final FakeWebhook.Behaviour DOWN = new FakeWebhook.Behaviour.Down();

    private final MutableClock clock = new MutableClock(START);
    private final ManualPause pause = new ManualPause(clock);
    private final InMemoryUpgradeHistory history = new InMemoryUpgradeHistory();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final InMemoryDeliveryCursor cursor = new InMemoryDeliveryCursor();
    private final FakeWebhook receiver = new FakeWebhook();
    private final RecordingOperatorLog log = new RecordingOperatorLog();

    private WebhookService service() {
        return service(cursor, Optional.of(audit));
    }

    private WebhookService service(DeliveryCursor cursor, Optional<InMemoryAuditLog> announcements) {
        return new WebhookService(
                new WebhookSettings(
                        "host-1", "https://hooks.example", POLICY, Duration.ofSeconds(10), Duration.ofHours(24)),
                history,
                announcements.map(a -> a),
                cursor,
                receiver,
                clock,
                pause,
                log);
    }

    private void upgrade(UpgradeRecord.Result result) {
        history.record(new UpgradeRecord(
                clock.instant(),
                UpgradeRecord.Action.UPGRADE,
                result,
                Optional.of(V0),
                Optional.of(V1),
                result == UpgradeRecord.Result.ROLLED_BACK ? Optional.of(Reason.MIGRATION_FAILED) : Optional.empty()));
        clock.advance(Duration.ofMillis(10));
    }

    private void announce(Version current, Version latest) {
        audit.record(new AuditEvent(clock.instant(), VersionCheckService.UPDATE_AVAILABLE, current + " -> " + latest));
        clock.advance(Duration.ofSeconds(1));
    }

    private List<String> received() {
        return receiver.received().stream().map(Notification::event).toList();
    }

    @Test
    void deliversEachEventOnceInOrder() {
        upgrade(UpgradeRecord.Result.STARTED);
        upgrade(UpgradeRecord.Result.UPGRADED);
        assertEquals(WebhookService.Pass.DONE, service().deliverDue());
        assertEquals(List.of("upgrade.started", "upgrade.succeeded"), received());
        assertEquals(WebhookService.Pass.DONE, service().deliverDue());
        assertEquals(2, receiver.received().size(), "delivered twice");
        assertEquals(2, cursor.read().orElseThrow().historyDone());
    }

    @Test
    void mergesReleasesAndUpgradesByTime() {
        announce(V0, V1);
        upgrade(UpgradeRecord.Result.STARTED);
        upgrade(UpgradeRecord.Result.ROLLED_BACK);
        service().deliverDue();
        assertEquals(List.of("update.available", "upgrade.started", "upgrade.rolled_back"), received());
        Notification rolledBack = receiver.received().getLast();
        assertEquals(Optional.of("migration-failed"), rolledBack.reason());
        assertEquals("host-1", rolledBack.host());
    }

    @Test
    void aReleaseIsAnnouncedOncePerVersion() {
        announce(V0, V1);
        service().deliverDue();
        // The database restored from a backup announces it again; the tag moving back announces an older one.
        announce(V0, V1);
        announce(V0, Version.parse("0.1.0-rc.9"));
        service().deliverDue();
        announce(V0, Version.parse("0.2.0"));
        service().deliverDue();
        assertEquals(
                List.of(Optional.of(V1), Optional.of(Version.parse("0.2.0"))),
                receiver.received().stream().map(Notification::to).toList());
    }

    @Test
    void theDaemonsPassNeverWaitsAndRetriesWithBackoffThenGivesUp() {
        receiver.always(DOWN);
        upgrade(UpgradeRecord.Result.STARTED);
        assertEquals(WebhookService.Pass.WAITING, service().deliverDue());
        clock.advance(Duration.ofSeconds(1));
        service().deliverDue(); // not due yet
        assertEquals(1, receiver.timeouts().size());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(WebhookService.Pass.WAITING, service().deliverDue()); // attempt 2, next in 4 s
        clock.advance(Duration.ofSeconds(3));
        service().deliverDue();
        assertEquals(2, receiver.timeouts().size());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(WebhookService.Pass.DONE, service().deliverDue()); // attempt 3 of 3: given up
        assertEquals(3, receiver.timeouts().size());
        assertEquals(0, pause.pauses(), "the daemon's pass waited");
        WebhookDelivery last = cursor.read().orElseThrow().last().orElseThrow();
        assertEquals(WebhookDelivery.Outcome.GAVE_UP, last.outcome());
        assertEquals("connection refused", last.detail());
        List<LogLine> warnings = log.lines().stream()
                .filter(l -> l.message().contains("gave up"))
                .toList();
        assertEquals(1, warnings.size(), log.lines()::toString);
        assertTrue(warnings.getFirst().message().contains("upgrade.started"), warnings::toString);
        // The next event is not held up by the one given up.
        receiver.always(new FakeWebhook.Behaviour.Answer(204));
        upgrade(UpgradeRecord.Result.UPGRADED);
        service().deliverDue();
        assertEquals("upgrade.succeeded", received().getLast());
    }

    @Test
    void aBoundedPassWaitsForRetriesWithinItsBudget() {
        receiver.then(DOWN, DOWN);
        upgrade(UpgradeRecord.Result.STARTED);
        assertEquals(WebhookService.Pass.DONE, service().deliverWithin(Duration.ofSeconds(10)));
        assertEquals(3, receiver.timeouts().size());
        assertEquals(START.plusMillis(10).plusSeconds(2 + 4), clock.instant());
        assertEquals(
                WebhookDelivery.Outcome.DELIVERED,
                cursor.read().orElseThrow().last().orElseThrow().outcome());
    }

    @Test
    void aBoundedPassEndsWithinItsBudgetWhenTheReceiverStaysDown() {
        receiver.always(DOWN);
        upgrade(UpgradeRecord.Result.STARTED);
        upgrade(UpgradeRecord.Result.ROLLBACK_FAILED);
        Instant begin = clock.instant();
        assertEquals(WebhookService.Pass.WAITING, service().deliverWithin(Duration.ofSeconds(5)));
        assertFalse(clock.instant().isAfter(begin.plusSeconds(5)), "the pass ran past its budget");
        assertEquals(2, receiver.timeouts().size()); // at 0 s and 2 s; the third would be at 6 s
        // The daemon (or the next upgrade) goes on where it stopped.
        receiver.always(new FakeWebhook.Behaviour.Answer(204));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(WebhookService.Pass.DONE, service().deliverDue());
        assertEquals(List.of("upgrade.started", "upgrade.rollback_failed"), received());
    }

    @Test
    void aSlowReceiverGetsOnlyWhatIsLeftOfTheBudget() {
        receiver.always(new FakeWebhook.Behaviour.Slow(Duration.ofSeconds(30)));
        upgrade(UpgradeRecord.Result.STARTED);
        assertEquals(WebhookService.Pass.WAITING, service().deliverWithin(Duration.ofSeconds(3)));
        // 3 s for the first POST, then 1 s left after the 2 s backoff; the third would be due after the budget.
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(1)), receiver.timeouts());
        clock.advance(Duration.ofSeconds(4));
        service().deliverDue();
        assertEquals(
                Duration.ofSeconds(10), receiver.timeouts().getLast(), "the daemon's POST gets the request timeout");
    }

    @Test
    void aCrashBetweenThePostAndTheCursorPostsTheSameEventAgainWithTheSameId() {
        upgrade(UpgradeRecord.Result.STARTED);
        upgrade(UpgradeRecord.Result.UPGRADED);
        receiver.whilePosting(() -> {
            throw new Crash();
        });
        try {
            service().deliverDue();
        } catch (Crash expected) {
            // kill -9 of the daemon while the receiver had the event
        }
        receiver.whilePosting(() -> {});
        service(cursor.sameDataDir(), Optional.of(audit)).deliverDue();
        List<Notification> got = receiver.received();
        assertEquals(List.of("upgrade.started", "upgrade.started", "upgrade.succeeded"), received());
        assertEquals(got.get(0).id(), got.get(1).id());
        assertEquals(2, cursor.read().orElseThrow().historyDone());
    }

    @Test
    void anotherDelivererHoldingTheCursorIsLeftAlone() {
        upgrade(UpgradeRecord.Result.STARTED);
        try (DeliveryCursor.Lease held = cursor.sameDataDir().tryAcquire().orElseThrow()) {
            assertEquals(WebhookService.Pass.BUSY, service().deliverWithin(Duration.ofSeconds(5)));
        }
        assertEquals(List.of(), received());
    }

    @Test
    void theFirstRunReplaysOnlyTheLastDay() {
        upgrade(UpgradeRecord.Result.STARTED);
        announce(V0, V1);
        clock.advance(Duration.ofHours(30));
        upgrade(UpgradeRecord.Result.REFUSED);
        service().deliverDue();
        assertEquals(List.of("upgrade.refused"), received());
        assertEquals(2, cursor.read().orElseThrow().historyDone());
    }

    @Test
    void aReceiverRefusingAnEventGivesItUpAtOnce() {
        receiver.then(new FakeWebhook.Behaviour.Answer(404));
        upgrade(UpgradeRecord.Result.STARTED);
        upgrade(UpgradeRecord.Result.UPGRADED);
        assertEquals(WebhookService.Pass.DONE, service().deliverDue());
        assertEquals(List.of("upgrade.started", "upgrade.succeeded"), received());
        assertTrue(
                log.lines().stream().anyMatch(l -> l.message().contains("refused it (HTTP 404)")),
                log.lines()::toString);
    }

    @Test
    void theEndOfAnUpgradeDeliversWithoutTheDatabase() {
        announce(V0, V1);
        upgrade(UpgradeRecord.Result.ROLLBACK_FAILED);
        service(cursor, Optional.empty()).deliverWithin(Duration.ofSeconds(5));
        assertEquals(List.of("upgrade.rollback_failed"), received());
        service().deliverDue(); // the daemon later announces the release it found earlier
        assertEquals(List.of("upgrade.rollback_failed", "update.available"), received());
    }

    @Test
    void aCursorThatCannotBeWrittenIsLoggedOnceAndNeverThrows() {
        upgrade(UpgradeRecord.Result.STARTED);
        cursor.failures().failAlways("write", ApplicationException.failed("disk full at /data/webhook.cursor"));
        WebhookService service = service();
        assertEquals(WebhookService.Pass.FAILED, service.deliverDue());
        assertEquals(WebhookService.Pass.FAILED, service.deliverDue());
        assertEquals(
                1,
                log.lines().stream()
                        .filter(l -> l.message().contains("disk full"))
                        .count(),
                log.lines()::toString);
    }

    @Test
    void theReportNamesTheReceiverAndTheLastAttempt() {
        assertEquals(
                new WebhookReport(Optional.of("https://hooks.example"), Optional.empty()),
                service().report());
        upgrade(UpgradeRecord.Result.STARTED);
        service().deliverDue();
        WebhookDelivery last = service().report().last().orElseThrow();
        assertEquals("upgrade.started", last.event());
        assertEquals(WebhookDelivery.Outcome.DELIVERED, last.outcome());
        assertEquals("HTTP 204", last.detail());
    }

    /** A process killed mid-POST. */
    private static final class Crash extends Error {}
}
