package io.waiaas.application;

import io.waiaas.application.port.out.OperatorLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keep the operator's log lines in memory, prefixed with their level. */
final class RecordingOperatorLog implements OperatorLog {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }
}
