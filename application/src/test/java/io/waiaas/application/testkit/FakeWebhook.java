package io.waiaas.application.testkit;

import io.waiaas.application.port.out.Webhook;
import io.waiaas.domain.Notification;
import io.waiaas.domain.WebhookAnswer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Play a webhook receiver in memory: each POST meets the next scripted behaviour (an HTTP status, a receiver that is
 * down, or one that answers after a delay), then the standing one; the verified fake of {@link Webhook}. Time does
 * not pass: a slow receiver's delay is compared with the timeout, and a {@code MutableClock} can be moved by
 * {@link #whilePosting}.
 */
public final class FakeWebhook implements Webhook {
    private final Deque<Behaviour> script = new ArrayDeque<>();
    private Behaviour standing;
    private final Optional<String> authorization;
    private final List<Notification> received = new ArrayList<>();
    private final List<Optional<String>> authorizations = new ArrayList<>();
    private final List<Duration> timeouts = new ArrayList<>();
    private Runnable whilePosting = () -> {};

    /** How the receiver meets one POST. */
    public sealed interface Behaviour {
        /** It reads the event and answers {@code status}. */
        record Answer(int status) implements Behaviour {}

        /** Nothing listens. */
        record Down() implements Behaviour {}

        /** It reads the event and answers 200 after {@code delay}. */
        record Slow(Duration delay) implements Behaviour {}
    }

    /** Create a receiver answering 204 to everything, reached with {@code token} when one is given. */
    public FakeWebhook(Optional<String> token) {
        this.authorization = Objects.requireNonNull(token, "token").map(t -> "Bearer " + t);
        this.standing = new Behaviour.Answer(204);
    }

    /** Create a receiver answering 204 to everything, reached without a token. */
    public FakeWebhook() {
        this(Optional.empty());
    }

    /** Meet every POST after the scripted ones with {@code behaviour}. */
    public synchronized FakeWebhook always(Behaviour behaviour) {
        standing = Objects.requireNonNull(behaviour, "behaviour");
        return this;
    }

    /** Meet the next POSTs with {@code behaviours}, in order. */
    public synchronized FakeWebhook then(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return this;
    }

    /** Run {@code step} during each POST, before it is answered (time passing at the receiver, a crash). */
    public synchronized FakeWebhook whilePosting(Runnable step) {
        whilePosting = Objects.requireNonNull(step, "step");
        return this;
    }

    /** Return the events the receiver got, in order. */
    public synchronized List<Notification> received() {
        return List.copyOf(received);
    }

    /** Return the {@code Authorization} header of each POST the receiver got. */
    public synchronized List<Optional<String>> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Return the timeout of every POST, reached or not. */
    public synchronized List<Duration> timeouts() {
        return List.copyOf(timeouts);
    }

    @Override
    public synchronized WebhookAnswer post(Notification notification, Duration timeout) {
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(timeout, "timeout");
        timeouts.add(timeout);
        Behaviour behaviour = script.isEmpty() ? standing : script.removeFirst();
        if (behaviour instanceof Behaviour.Down) {
            return new WebhookAnswer.Unreachable("connection refused");
        }
        received.add(notification);
        authorizations.add(authorization);
        whilePosting.run();
        return switch (behaviour) {
            case Behaviour.Answer a -> new WebhookAnswer.Status(a.status());
            case Behaviour.Slow s ->
                s.delay().compareTo(timeout) > 0
                        ? new WebhookAnswer.Unreachable("no answer within " + timeout.toMillis() + " ms")
                        : new WebhookAnswer.Status(200);
            case Behaviour.Down d -> throw new AssertionError("handled above");
        };
    }
}
