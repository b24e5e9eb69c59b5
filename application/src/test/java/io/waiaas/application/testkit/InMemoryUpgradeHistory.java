package io.waiaas.application.testkit;

import io.waiaas.application.port.out.UpgradeHistory;
import io.waiaas.domain.UpgradeRecord;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keep the upgrade history in memory, times to the millisecond like the file does; the verified fake of
 * {@link UpgradeHistory}. {@code failures} makes {@code record} and {@code all} fail on demand.
 */
public final class InMemoryUpgradeHistory implements UpgradeHistory {
    private final List<UpgradeRecord> entries = new ArrayList<>();
    private final Failures failures = new Failures();

    /** Return the failures this history injects ({@code "record"}, {@code "all"}). */
    public Failures failures() {
        return failures;
    }

    @Override
    public synchronized void record(UpgradeRecord entry) {
        Objects.requireNonNull(entry, "entry");
        failures.check("record");
        entries.add(new UpgradeRecord(
                entry.at().truncatedTo(ChronoUnit.MILLIS),
                entry.action(),
                entry.result(),
                entry.from(),
                entry.to(),
                entry.reason()));
    }

    @Override
    public synchronized List<UpgradeRecord> all() {
        failures.check("all");
        return List.copyOf(entries);
    }
}
