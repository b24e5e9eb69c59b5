package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOGS-01: the daemon's log is rotated by size, a bounded number of files kept, every line on disk at once. */
class RotatingLogHandlerTest {
    /** Each record is its message and a line break, so sizes are easy to count. */
    private static final Formatter BARE = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + "\n";
        }
    };

    @TempDir
    Path dir;

    @Test
    void rotatesOnceALineWouldPassTheLimitAndKeepsOnlyTheNewestFiles() throws IOException {
        Path log = dir.resolve("logs/daemon.log");
        RotatingLogHandler handler = new RotatingLogHandler(log, 20, 2, BARE);
        for (int i = 1; i <= 12; i++) {
            handler.publish(new LogRecord(Level.INFO, "line " + (i < 10 ? "0" : "") + i)); // 8 bytes each
        }
        // Two lines (16 bytes) fit in 20; the third starts a new file.
        assertEquals(List.of("line 11", "line 12"), Files.readAllLines(log));
        assertEquals(List.of("line 09", "line 10"), Files.readAllLines(RotatingLogHandler.rotated(log, 1)));
        assertEquals(List.of("line 07", "line 08"), Files.readAllLines(RotatingLogHandler.rotated(log, 2)));
        assertFalse(Files.exists(RotatingLogHandler.rotated(log, 3)), "only keep = 2 rotated files");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        handler.close();
    }

    @Test
    void everyLineIsOnDiskBeforeTheHandlerIsClosed() throws IOException {
        Path log = dir.resolve("daemon.log");
        RotatingLogHandler handler = new RotatingLogHandler(log, 1 << 20, 5, BARE);
        handler.publish(new LogRecord(Level.INFO, "waiaas stopped"));
        // Not closed: what a process that exits now leaves behind.
        assertEquals(List.of("waiaas stopped"), Files.readAllLines(log));
        handler.close();
    }

    @Test
    void appendsToTheLogOfAnEarlierRunAndCountsItsSize() throws IOException {
        Path log = dir.resolve("daemon.log");
        Files.writeString(log, "yesterday's line 1\n"); // 19 bytes
        RotatingLogHandler handler = new RotatingLogHandler(log, 30, 1, BARE);
        handler.publish(new LogRecord(Level.INFO, "today 1")); // 27 bytes in all
        handler.publish(new LogRecord(Level.INFO, "today 2")); // would be 35: rotates first
        handler.close();
        assertEquals(List.of("yesterday's line 1", "today 1"), Files.readAllLines(RotatingLogHandler.rotated(log, 1)));
        assertEquals(List.of("today 2"), Files.readAllLines(log));
    }

    @Test
    void aLineLongerThanTheLimitIsWrittenWholeToAFileOfItsOwn() throws IOException {
        Path log = dir.resolve("daemon.log");
        RotatingLogHandler handler = new RotatingLogHandler(log, 10, 3, BARE);
        List<String> written = new ArrayList<>();
        for (String message : List.of("short", "a line far longer than ten bytes", "tail")) {
            handler.publish(new LogRecord(Level.INFO, message));
            written.add(message);
        }
        handler.close();
        assertEquals(List.of("tail"), Files.readAllLines(log));
        assertEquals(
                List.of("a line far longer than ten bytes"), Files.readAllLines(RotatingLogHandler.rotated(log, 1)));
        assertEquals(List.of("short"), Files.readAllLines(RotatingLogHandler.rotated(log, 2)));
        assertTrue(written.size() == 3);
    }
}
