package io.waiaas.application.testkit;

import io.waiaas.application.port.out.OperatorLog;
import java.util.List;

class RecordingOperatorLogTest implements OperatorLogContract {
    private final RecordingOperatorLog log = new RecordingOperatorLog();

    @Override
    public OperatorLog newLog() {
        return log;
    }

    @Override
    public List<LogLine> logged() {
        return log.lines();
    }
}
