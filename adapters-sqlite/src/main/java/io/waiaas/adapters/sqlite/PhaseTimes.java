package io.waiaas.adapters.sqlite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The wall time of each phase of one backup or restore, phases that overlap included, for the one DEBUG line that
 * reports them ({@code waiaas --verbose}; bench/backup reads it). Safe to use from several threads.
 */
final class PhaseTimes {
    private final long start = System.nanoTime();
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    /** Return a mark to pass to {@link #done} when the phase that starts now ends. */
    static long mark() {
        return System.nanoTime();
    }

    /** Record that {@code phase}, begun at {@code mark}, has ended now; the times of a repeated phase add up. */
    synchronized void done(String phase, long mark) {
        nanos.merge(phase, System.nanoTime() - mark, Long::sum);
    }

    /** Return {@code phase=ms} for every phase in the order they ended, then {@code total=ms}. */
    synchronized String summary() {
        StringJoiner line = new StringJoiner(" ");
        nanos.forEach((phase, n) -> line.add(phase + "=" + n / 1_000_000));
        return line.add("total=" + (System.nanoTime() - start) / 1_000_000).toString();
    }
}
