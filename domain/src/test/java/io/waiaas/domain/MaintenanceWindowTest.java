package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaintenanceWindowTest {

    /** 2026-12-06 is a Sunday. */
    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource({
        "Sun 02:00-04:00, 2026-12-06T01:59:59, ",
        "Sun 02:00-04:00, 2026-12-06T02:00, 2026-12-06T02:00",
        "Sun 02:00-04:00, 2026-12-06T03:59:59, 2026-12-06T02:00",
        "Sun 02:00-04:00, 2026-12-06T04:00, ",
        "Sun 02:00-04:00, 2026-12-07T02:30, ",
        "Mon-Fri 01:00-01:30, 2026-12-07T01:15, 2026-12-07T01:00",
        "Mon-Fri 01:00-01:30, 2026-12-12T01:15, ",
        "Fri-Mon 01:00-01:30, 2026-12-06T01:15, 2026-12-06T01:00",
        "Fri-Mon 01:00-01:30, 2026-12-09T01:15, ",
        "Sat 23:00-01:00, 2026-12-05T23:30, 2026-12-05T23:00",
        "Sat 23:00-01:00, 2026-12-06T00:59, 2026-12-05T23:00",
        "Sat 23:00-01:00, 2026-12-06T01:00, ",
        "Sat 23:00-01:00, 2026-12-06T23:30, ",
        "daily 03:00-04:00, 2026-12-09T03:10, 2026-12-09T03:00",
        "* 03:00-04:00, 2026-12-10T03:10, 2026-12-10T03:00",
        "sunday 02:00-04:00, 2026-12-06T02:30, 2026-12-06T02:00",
    })
    void anOccurrenceHoldsTheTimesFromItsOpeningToItsEnd(String window, LocalDateTime at, LocalDateTime opened) {
        MaintenanceWindow w = MaintenanceWindow.parse(window);
        assertEquals(Optional.ofNullable(opened), w.occurrenceAt(at));
        assertEquals(opened != null, w.contains(at));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sun 02:00-04:00", "Mon-Fri 01:00-01:30", "daily 03:00-04:00", "Fri-Mon 23:00-01:00"})
    void aWindowReadsBackAsItIsWritten(String text) {
        assertEquals(text, MaintenanceWindow.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Sun",
                "Sun 2:00-4:00",
                "Sun 02:00",
                "Sun 02:00-02:00",
                "Sun 25:00-26:00",
                "Sunny 02:00-04:00",
                "Sn 02:00-04:00",
                "Mon-Xyz 01:00-02:00",
                "Sun 02:00-04:00 extra"
            })
    void anUnreadableWindowIsRefusedNamingIt(String text) {
        DomainException e = assertThrows(DomainException.class, () -> MaintenanceWindow.parseAll(text));
        assertTrue(e.getMessage().contains("Sun 02:00-04:00") || e.getMessage().contains("02:00"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sun 02:00-04:00, Wed 03:00-04:00", "Sun 02:00-04:00,Wed 03:00-04:00"})
    void severalWindowsAreSeparatedByCommas(String text) {
        assertEquals(
                List.of(MaintenanceWindow.parse("Sun 02:00-04:00"), MaintenanceWindow.parse("Wed 03:00-04:00")),
                MaintenanceWindow.parseAll(text));
    }
}
