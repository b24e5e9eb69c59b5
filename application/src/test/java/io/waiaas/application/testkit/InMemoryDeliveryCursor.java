package io.waiaas.application.testkit;

import io.waiaas.application.port.out.DeliveryCursor;
import io.waiaas.application.port.out.DeliveryState;
import io.waiaas.domain.WebhookDelivery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Keep the webhook cursor of one data dir in memory, times to the millisecond like the file does; the verified fake of
 * {@link DeliveryCursor}. Several instances made with {@link #sameDataDir()} share the data dir, as processes do;
 * {@code failures} makes {@code write} fail on demand.
 */
public final class InMemoryDeliveryCursor implements DeliveryCursor {
    private final Shared dataDir;

    private static final class Shared {
        private Optional<DeliveryState> state = Optional.empty();
        private boolean held;
        private int writes;
        private final Failures failures = new Failures();
    }

    public InMemoryDeliveryCursor() {
        this(new Shared());
    }

    private InMemoryDeliveryCursor(Shared dataDir) {
        this.dataDir = dataDir;
    }

    /** Return another cursor on the same data dir, as another process would open it. */
    public InMemoryDeliveryCursor sameDataDir() {
        return new InMemoryDeliveryCursor(dataDir);
    }

    /** Return the failures this cursor injects ({@code "write"}). */
    public Failures failures() {
        return dataDir.failures;
    }

    /** Return how many states were written. */
    public int writes() {
        synchronized (dataDir) {
            return dataDir.writes;
        }
    }

    @Override
    public Optional<Lease> tryAcquire() {
        synchronized (dataDir) {
            if (dataDir.held) {
                return Optional.empty();
            }
            dataDir.held = true;
            return Optional.of(new Lease() {
                private boolean closed;

                @Override
                public void close() {
                    synchronized (dataDir) {
                        if (!closed) {
                            closed = true;
                            dataDir.held = false;
                        }
                    }
                }
            });
        }
    }

    @Override
    public Optional<DeliveryState> read() {
        synchronized (dataDir) {
            return dataDir.state;
        }
    }

    @Override
    public void write(DeliveryState state) {
        Objects.requireNonNull(state, "state");
        synchronized (dataDir) {
            dataDir.failures.check("write");
            dataDir.writes++;
            dataDir.state = Optional.of(new DeliveryState(
                    millis(state.since()),
                    state.historyDone(),
                    state.updateDone(),
                    state.retry().map(r -> new DeliveryState.Retry(r.id(), r.attempts(), millis(r.next()))),
                    state.last()
                            .map(l ->
                                    new WebhookDelivery(millis(l.at()), l.event(), l.id(), l.outcome(), l.detail()))));
        }
    }

    private static Instant millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }
}
