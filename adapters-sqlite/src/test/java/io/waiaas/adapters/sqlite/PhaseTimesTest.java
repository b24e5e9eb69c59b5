package io.waiaas.adapters.sqlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhaseTimesTest {
    @Test
    void listsEachPhaseOnceInTheOrderTheyEndedThenTheTotal() throws InterruptedException {
        PhaseTimes times = new PhaseTimes();
        long copy = PhaseTimes.mark();
        Thread.sleep(20);
        times.done("copy", copy);
        long fsync = PhaseTimes.mark();
        times.done("fsync", fsync);
        long again = PhaseTimes.mark();
        Thread.sleep(20);
        times.done("copy", again);

        String summary = times.summary();

        // bench/backup reads this line: "name=ms" pairs separated by one space, then the total.
        assertTrue(summary.matches("copy=(\\d+) fsync=\\d+ total=\\d+"), summary);
        long copied = Long.parseLong(summary.replaceAll("copy=(\\d+) .*", "$1"));
        assertTrue(copied >= 40, "the two copy phases add up: " + summary);
    }
}
