package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waiaas.application.port.out.AuditEvent;
import io.waiaas.application.port.out.AuditLog;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link AuditLog} must show. */
public interface AuditLogContract {

    /** Create an empty audit log. */
    AuditLog newLog();

    @Test
    default void returnsTheEventsOfOneTypeOldestFirst() {
        AuditLog log = newLog();
        AuditEvent first = new AuditEvent(Instant.parse("2026-11-26T06:00:00Z"), "UPDATE_AVAILABLE", "1.9.0");
        AuditEvent other = new AuditEvent(Instant.parse("2026-11-26T06:00:01Z"), "UPGRADED", "1.8.0 -> 1.9.0");
        AuditEvent second = new AuditEvent(Instant.parse("2026-11-26T06:00:02Z"), "UPDATE_AVAILABLE", "1.10.0");
        log.record(first);
        log.record(other);
        log.record(second);
        assertEquals(List.of(first, second), log.ofType("UPDATE_AVAILABLE"));
        assertEquals(List.of(other), log.ofType("UPGRADED"));
    }

    @Test
    default void keepsRecordingOrderEvenWhenTimesGoBackwards() {
        AuditLog log = newLog();
        AuditEvent later = new AuditEvent(Instant.parse("2026-11-26T07:00:00Z"), "T", "recorded first");
        AuditEvent earlier = new AuditEvent(Instant.parse("2026-11-26T06:00:00Z"), "T", "recorded second");
        log.record(later);
        log.record(earlier);
        assertEquals(List.of(later, earlier), log.ofType("T"));
    }

    @Test
    default void returnsNothingForATypeNeverRecorded() {
        AuditLog log = newLog();
        log.record(new AuditEvent(Instant.parse("2026-11-26T06:00:00Z"), "A", ""));
        assertEquals(List.of(), log.ofType("B"));
    }

    @Test
    default void keepsTheDetailVerbatimAndTheTimeToTheSecond() {
        AuditLog log = newLog();
        log.record(new AuditEvent(Instant.parse("2026-11-26T06:00:00.987654321Z"), "T", "quote ' and ✓\nline"));
        assertEquals(
                List.of(new AuditEvent(Instant.parse("2026-11-26T06:00:00Z"), "T", "quote ' and ✓\nline")),
                log.ofType("T"));
    }

    @Test
    default void refusesNulls() {
        AuditLog log = newLog();
        assertThrows(NullPointerException.class, () -> log.record(null));
        assertThrows(NullPointerException.class, () -> log.ofType(null));
    }
}
