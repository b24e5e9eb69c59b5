package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.DeliveryCursor;
import io.waiaas.application.port.out.DeliveryState;
import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookDelivery;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeliveryCursor} must show: what was written is read back whole, by this process and by
 * the next one on the same data dir, and one deliverer at a time holds it.
 */
public interface DeliveryCursorContract {

    /** Create the cursor of a fresh data dir. */
    DeliveryCursor newCursor();

    /** Create another cursor on the data dir of the last {@link #newCursor()}, as a process started later would. */
    DeliveryCursor sameDataDir();

    /** Return a state using every field, for round trips. */
    static DeliveryState fullState() {
        Instant at = Instant.parse("2026-12-07T10:15:30.123Z");
        return new DeliveryState(
                Instant.parse("2026-12-06T09:00:00Z"),
                7,
                Optional.of(Version.parse("1.3.0-rc.1")),
                Optional.of(new DeliveryState.Retry("0b1c6b0e-2f43-3d43-9a7c-5c9d3e1a0f00", 3, at.plusSeconds(20))),
                Optional.of(new WebhookDelivery(
                        at, "upgrade.rolled_back", "id-1", WebhookDelivery.Outcome.RETRYING, "HTTP 503")));
    }

    @Test
    default void aFreshDataDirHasNoState() {
        assertEquals(Optional.empty(), newCursor().read());
    }

    @Test
    default void whatWasWrittenIsReadBackWhole() {
        DeliveryCursor cursor = newCursor();
        cursor.write(fullState());
        assertEquals(Optional.of(fullState()), cursor.read());
    }

    @Test
    default void emptyFieldsStayEmpty() {
        DeliveryCursor cursor = newCursor();
        DeliveryState first = DeliveryState.firstRun(Instant.parse("2026-12-07T10:00:00Z"));
        cursor.write(first);
        assertEquals(Optional.of(first), cursor.read());
    }

    @Test
    default void aWriteReplacesTheStateBefore() {
        DeliveryCursor cursor = newCursor();
        cursor.write(fullState());
        DeliveryState next = DeliveryState.firstRun(Instant.parse("2026-12-07T11:00:00Z"));
        cursor.write(next);
        assertEquals(Optional.of(next), cursor.read());
    }

    @Test
    default void theNextProcessReadsWhatThisOneWrote() {
        newCursor().write(fullState());
        assertEquals(Optional.of(fullState()), sameDataDir().read());
    }

    @Test
    default void oneDelivererAtATime() {
        DeliveryCursor cursor = newCursor();
        DeliveryCursor other = sameDataDir();
        try (DeliveryCursor.Lease lease = cursor.tryAcquire().orElseThrow()) {
            assertEquals(Optional.empty(), other.tryAcquire().map(l -> "taken"));
            assertEquals(Optional.empty(), cursor.tryAcquire().map(l -> "taken"));
        }
        other.tryAcquire()
                .orElseThrow(() -> new AssertionError("closing the lease did not free the cursor"))
                .close();
    }

    @Test
    default void theCursorsOfTwoDataDirsAreIndependent() {
        DeliveryCursor first = newCursor();
        try (DeliveryCursor.Lease lease = first.tryAcquire().orElseThrow()) {
            DeliveryCursor second = newCursor();
            second.write(fullState());
            assertTrue(second.tryAcquire().isPresent(), "another data dir's deliverer blocks this one");
            assertEquals(Optional.empty(), first.read());
        }
    }
}
