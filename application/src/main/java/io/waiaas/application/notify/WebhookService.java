package io.waiaas.application.notify;

import io.waiaas.application.port.in.ReportWebhooks;
import io.waiaas.application.port.in.WebhookReport;
import io.waiaas.application.port.out.AuditLog;
import io.waiaas.application.port.out.DeliveryCursor;
import io.waiaas.application.port.out.DeliveryState;
import io.waiaas.application.port.out.OperatorLog;
import io.waiaas.application.port.out.Pause;
import io.waiaas.application.port.out.UpgradeHistory;
import io.waiaas.application.port.out.Webhook;
import io.waiaas.application.update.VersionCheckService;
import io.waiaas.domain.DeliveryPolicy;
import io.waiaas.domain.Notification;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookAnswer;
import io.waiaas.domain.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Post the data dir's events to the webhook receiver in order, at least once each (OPS-03).
 *
 * <p>The events are derived, never queued: the upgrade history ({@link UpgradeHistory}, outside the database) gives
 * every upgrade, {@code --rollback} and recovery that started or ended, and the audit log's {@code UPDATE_AVAILABLE}
 * events give each newer release found. The {@link DeliveryCursor} says how far delivery got; it moves on when the
 * receiver took an event, or when the {@link DeliveryPolicy} gives one up (logged once). An event posted again after
 * a crash between the POST and the cursor's write keeps its id.
 *
 * <p>A pass never throws and never waits longer than its budget: the daemon's worker passes no budget (it posts
 * what is due and leaves retries to a later tick), the end of {@code waiaas upgrade} a few seconds.
 */
public final class WebhookService implements ReportWebhooks {
    private final WebhookSettings settings;
    private final UpgradeHistory history;
    private final Optional<AuditLog> announcements;
    private final DeliveryCursor cursor;
    private final Webhook webhook;
    private final InstantSource clock;
    private final Pause pause;
    private final OperatorLog log;
    private String lastProblem = "";

    /** How a pass ended. */
    public enum Pass {
        /** Every event was delivered or given up. */
        DONE,
        /** An event waits for a retry due after the pass's budget. */
        WAITING,
        /** Another deliverer of the data dir holds the cursor. */
        BUSY,
        /** The events or the cursor could not be read or written (logged). */
        FAILED
    }

    /**
     * Create the service.
     *
     * @param announcements the audit log whose {@code UPDATE_AVAILABLE} events are announced; empty where the
     *     database is not to be opened (the end of an upgrade), which leaves those events to the daemon
     */
    public WebhookService(
            WebhookSettings settings,
            UpgradeHistory history,
            Optional<AuditLog> announcements,
            DeliveryCursor cursor,
            Webhook webhook,
            InstantSource clock,
            Pause pause,
            OperatorLog log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.history = Objects.requireNonNull(history, "history");
        this.announcements = Objects.requireNonNull(announcements, "announcements");
        this.cursor = Objects.requireNonNull(cursor, "cursor");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Post every event that is due now; never wait for a retry (the daemon's worker). */
    public Pass deliverDue() {
        return deliver(Duration.ZERO);
    }

    /**
     * Post every event, waiting for retries that fall due within {@code budget}; each POST is cut short so that the
     * pass ends within the budget (the end of {@code waiaas upgrade}).
     */
    public Pass deliverWithin(Duration budget) {
        return deliver(Objects.requireNonNull(budget, "budget"));
    }

    @Override
    public WebhookReport report() {
        Optional<WebhookDelivery> last;
        try {
            last = cursor.read().flatMap(DeliveryState::last);
        } catch (RuntimeException e) {
            last = Optional.empty();
        }
        return new WebhookReport(Optional.of(settings.receiver()), last);
    }

    private Pass deliver(Duration budget) {
        Instant deadline = clock.instant().plus(budget);
        try {
            Optional<DeliveryCursor.Lease> lease = cursor.tryAcquire();
            if (lease.isEmpty()) {
                return Pass.BUSY;
            }
            try (DeliveryCursor.Lease held = lease.get()) {
                Pass pass = deliverHeld(budget, deadline);
                lastProblem = "";
                return pass;
            }
        } catch (RuntimeException e) {
            String problem = "webhook delivery to " + settings.receiver() + " stopped: " + e.getMessage();
            if (!problem.equals(lastProblem)) {
                log.warn(problem); // once, not at every tick of a daemon whose data dir is broken
                lastProblem = problem;
            }
            return Pass.FAILED;
        }
    }

    private Pass deliverHeld(Duration budget, Instant deadline) {
        DeliveryState state = cursor.read().orElseGet(() -> DeliveryState.firstRun(clock.instant()));
        List<UpgradeRecord> entries = history.all();
        if (state.historyDone() > entries.size()) {
            log.warn("the upgrade history is shorter than webhook delivery had got (" + state.historyDone() + " > "
                    + entries.size() + "): it was replaced; delivering its events again");
            state = new DeliveryState(state.since(), 0, state.updateDone(), state.retry(), state.last());
        }
        List<Pending> pending = pending(state, entries);
        int i = 0;
        while (i < pending.size()) {
            Pending next = pending.get(i);
            if (next.latest().isPresent()
                    && state.updateDone()
                            .filter(done -> done.compareTo(next.latest().get()) >= 0)
                            .isPresent()) {
                i++; // a release announced again (its database restored, or the tag moved back): once per version
                continue;
            }
            Notification event = next.event();
            Optional<DeliveryState.Retry> retry = state.retry().filter(r -> r.id().equals(event.id()));
            Instant now = clock.instant();
            if (retry.isPresent() && retry.get().next().isAfter(now)) {
                if (retry.get().next().isAfter(deadline)) {
                    return Pass.WAITING;
                }
                pause.pause(Duration.between(now, retry.get().next()));
                now = clock.instant();
            }
            Duration timeout = settings.requestTimeout();
            if (!budget.isZero()) {
                Duration left = Duration.between(now, deadline);
                if (!left.isPositive()) {
                    return Pass.WAITING;
                }
                timeout = left.compareTo(timeout) < 0 ? left : timeout;
            }
            int attempt = retry.map(DeliveryState.Retry::attempts).orElse(0) + 1;
            WebhookAnswer answer = webhook.post(event, timeout);
            Instant ended = clock.instant();
            DeliveryPolicy.Decision decision = settings.policy().after(attempt, answer, ended);
            state = switch (decision) {
                case DeliveryPolicy.Decision.Delivered d -> {
                    if (attempt > 1) {
                        log.info("webhook: " + event.event() + " " + event.id() + " delivered to " + settings.receiver()
                                + " at attempt " + attempt);
                    }
                    yield done(state, next, attempt(ended, event, WebhookDelivery.Outcome.DELIVERED, answer));
                }
                case DeliveryPolicy.Decision.RetryAt r -> {
                    if (attempt == 1) {
                        log.warn("webhook: " + event.event() + " " + event.id() + " not delivered to "
                                + settings.receiver() + " (" + answer.describe() + "); retrying with backoff");
                    }
                    yield new DeliveryState(
                            state.since(),
                            state.historyDone(),
                            state.updateDone(),
                            Optional.of(new DeliveryState.Retry(event.id(), r.attempts(), r.at())),
                            Optional.of(attempt(ended, event, WebhookDelivery.Outcome.RETRYING, answer)));
                }
                case DeliveryPolicy.Decision.GiveUp g -> {
                    log.warn("webhook: gave up on " + event.event() + " " + event.id() + " for " + settings.receiver()
                            + ": " + g.why());
                    yield done(state, next, attempt(ended, event, WebhookDelivery.Outcome.GAVE_UP, answer));
                }
            };
            cursor.write(state);
            if (!(decision instanceof DeliveryPolicy.Decision.RetryAt)) {
                i++;
            }
        }
        return Pass.DONE;
    }

    /** Return the events after the cursor, each source in its own order, merged by time. */
    private List<Pending> pending(DeliveryState state, List<UpgradeRecord> entries) {
        Instant horizon = state.since().minus(settings.firstUseWindow());
        List<Pending> fromHistory = new ArrayList<>();
        for (int i = state.historyDone(); i < entries.size(); i++) {
            UpgradeRecord entry = entries.get(i);
            if (!entry.at().isBefore(horizon)) {
                fromHistory.add(
                        new Pending(Notification.ofUpgrade(settings.host(), i, entry), i + 1, Optional.empty()));
            }
        }
        List<Pending> fromChecks = new ArrayList<>();
        for (var announced : announcements()) {
            boolean newer = state.updateDone()
                    .map(done -> announced.latest().compareTo(done) > 0)
                    .orElse(true);
            if (newer && !announced.at().isBefore(horizon)) {
                fromChecks.add(new Pending(
                        Notification.updateAvailable(
                                settings.host(),
                                announced.at(),
                                announced.current(),
                                announced.latest(),
                                settings.updatePath()),
                        0,
                        Optional.of(announced.latest())));
            }
        }
        List<Pending> merged = new ArrayList<>();
        int h = 0;
        int c = 0;
        while (h < fromHistory.size() || c < fromChecks.size()) {
            boolean takeCheck = h == fromHistory.size()
                    || c < fromChecks.size()
                            && fromChecks
                                    .get(c)
                                    .event()
                                    .at()
                                    .isBefore(fromHistory.get(h).event().at());
            merged.add(takeCheck ? fromChecks.get(c++) : fromHistory.get(h++));
        }
        return merged;
    }

    private List<VersionCheckService.Announcement> announcements() {
        if (announcements.isEmpty()) {
            return List.of();
        }
        try {
            return announcements.get().ofType(VersionCheckService.UPDATE_AVAILABLE).stream()
                    .flatMap(e -> VersionCheckService.announcement(e).stream())
                    .toList();
        } catch (RuntimeException e) {
            // The database busy or unreadable: the upgrade history is still delivered, the releases next time.
            return List.of();
        }
    }

    private DeliveryState done(DeliveryState state, Pending event, WebhookDelivery last) {
        int historyDone = event.latest().isEmpty() ? event.historyDone() : state.historyDone();
        Optional<Version> updateDone = event.latest().isPresent() ? event.latest() : state.updateDone();
        return new DeliveryState(state.since(), historyDone, updateDone, Optional.empty(), Optional.of(last));
    }

    private static WebhookDelivery attempt(
            Instant at, Notification event, WebhookDelivery.Outcome outcome, WebhookAnswer answer) {
        return new WebhookDelivery(at, event.event(), event.id(), outcome, answer.describe());
    }

    /**
     * An event after the cursor: a line of the history ({@code historyDone} is the cursor once it is done) or an
     * {@code update.available} of the release {@code latest}.
     */
    private record Pending(Notification event, int historyDone, Optional<Version> latest) {}
}
