package io.waiaas.application.port.out;

import java.util.Optional;

/**
 * Keep how far webhook delivery got for a data dir, outside the database (a snapshot restore must not take it back),
 * and let one deliverer at a time move it: the daemon's worker or the end of {@code waiaas upgrade}.
 */
public interface DeliveryCursor {

    /** Take the right to deliver, or return empty when another deliverer (this process or another) holds it. */
    Optional<Lease> tryAcquire();

    /** Return the state last written, or empty when none was (webhooks never ran here) or it cannot be read. */
    Optional<DeliveryState> read();

    /**
     * Replace the state durably and atomically: after a crash, the next read sees this state or the one before.
     *
     * @throws io.waiaas.application.ApplicationException when it cannot be written
     */
    void write(DeliveryState state);

    /** The right to deliver; closing gives it up. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
