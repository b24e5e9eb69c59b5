package io.waiaas.adapters.host;

import io.waiaas.application.port.out.OperatorLog;
import io.waiaas.application.testkit.LogLine;
import io.waiaas.application.testkit.OperatorLogContract;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the {@link OperatorLogContract} against java.util.logging: a handler on the root logger reads what reaches
 * it from waiaas's loggers, formatted as the daemon log's formatter formats the message.
 */
class JulOperatorLogIT implements OperatorLogContract {
    private static final Logger ROOT = Logger.getLogger("");

    private final List<LogLine> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final OneLineFormatter formatter = new OneLineFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("io.waiaas")) {
                lines.add(new LogLine(level(record.getLevel()), formatter.formatMessage(record)));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        handler.setLevel(Level.ALL);
        ROOT.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        ROOT.removeHandler(handler);
    }

    @Override
    public OperatorLog newLog() {
        return new JulOperatorLog();
    }

    @Override
    public List<LogLine> logged() {
        return List.copyOf(lines);
    }

    private static LogLine.Level level(Level level) {
        if (level.equals(Level.INFO)) {
            return LogLine.Level.INFO;
        }
        if (level.equals(Level.WARNING)) {
            return LogLine.Level.WARN;
        }
        throw new AssertionError("an operator line was logged at " + level);
    }
}
