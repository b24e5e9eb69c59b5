package io.waiaas.application.testkit;

import io.waiaas.application.port.out.OperatorLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keep the operator's log lines in memory; the verified fake of {@link OperatorLog}; thread-safe. */
public final class RecordingOperatorLog implements OperatorLog {
    private final List<LogLine> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add(LogLine.info(message));
    }

    @Override
    public void warn(String message) {
        lines.add(LogLine.warn(message));
    }

    /** Return every line logged so far, oldest first. */
    public List<LogLine> lines() {
        return List.copyOf(lines);
    }
}
