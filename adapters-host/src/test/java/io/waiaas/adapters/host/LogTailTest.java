package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** LOGS-02: the end of the daemon's log, across rotations, and following it as it grows. */
class LogTailTest {
    private static final Formatter BARE = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + "\n";
        }
    };

    @TempDir
    Path dir;

    @Test
    void theLastLinesOfOneFile() throws IOException {
        Path log = dir.resolve("daemon.log");
        Files.write(
                log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).toList());
        assertEquals(List.of("line 98", "line 99", "line 100"), new LogTail(log).last(3));
        assertEquals(100, new LogTail(log).last(500).size());
        assertEquals(List.of(), new LogTail(log).last(0));
    }

    @Test
    void readsLongFilesBackwardsBeyondOneChunk() throws IOException {
        Path log = dir.resolve("daemon.log");
        String longLine = "x".repeat(5000);
        Files.write(log, List.of("first", longLine, longLine, "last"));
        assertEquals(List.of(longLine, longLine, "last"), new LogTail(log).last(3));
        assertEquals(List.of("first", longLine, longLine, "last"), new LogTail(log).last(4));
    }

    @Test
    void readsAcrossTheRotationBoundaryWhenTheCurrentFileHasFewerLines() throws IOException {
        Path log = dir.resolve("daemon.log");
        RotatingLogHandler handler = new RotatingLogHandler(log, 24, 2, BARE);
        for (int i = 1; i <= 10; i++) {
            handler.publish(new LogRecord(Level.INFO, "line " + i));
        }
        handler.close();
        assertTrue(Files.exists(RotatingLogHandler.rotated(log, 2)), "the test rotated twice at least");
        assertEquals(List.of("line 6", "line 7", "line 8", "line 9", "line 10"), new LogTail(log).last(5));
        // Only what the kept files hold.
        List<String> all = new LogTail(log).last(100);
        assertEquals("line 10", all.getLast());
        assertTrue(all.size() < 10, all.toString());
    }

    @Test
    void leavesOutALineStillBeingWritten() throws IOException {
        Path log = dir.resolve("daemon.log");
        Files.writeString(log, "done 1\ndone 2\nhalf a li");
        assertEquals(List.of("done 1", "done 2"), new LogTail(log).last(5));
    }

    @Test
    void noLogAtAll() throws IOException {
        LogTail tail = new LogTail(dir.resolve("logs/daemon.log"));
        assertFalse(tail.exists());
        assertEquals(List.of(), tail.last(10));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void followsNewLinesAndCarriesOnInTheFileThatReplacesARotatedOne() throws Exception {
        Path log = dir.resolve("daemon.log");
        RotatingLogHandler handler = new RotatingLogHandler(log, 40, 5, BARE);
        handler.publish(new LogRecord(Level.INFO, "before 1"));
        handler.publish(new LogRecord(Level.INFO, "before 2"));
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread follower = new Thread(() -> {
            try {
                new LogTail(log).follow(1, seen::add, Duration.ofMillis(20));
            } catch (InterruptedException e) {
                // stopped, as Ctrl-C stops `waiaas logs -f`
            } catch (IOException e) {
                seen.add("failed: " + e);
            }
        });
        follower.start();
        await(() -> seen.equals(List.of("before 2")), seen);
        // 40 bytes a file: these rotate twice while the follower polls.
        for (int i = 1; i <= 8; i++) {
            handler.publish(new LogRecord(Level.INFO, "after " + i));
        }
        await(() -> seen.size() == 9, seen);
        follower.interrupt();
        follower.join(5000);
        assertFalse(follower.isAlive(), "stops when interrupted");
        assertEquals(
                List.of(
                        "before 2",
                        "after 1",
                        "after 2",
                        "after 3",
                        "after 4",
                        "after 5",
                        "after 6",
                        "after 7",
                        "after 8"),
                seen);
        handler.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void followsALogThatIsCreatedLaterAndAPartialLineOnceComplete() throws Exception {
        Path log = dir.resolve("daemon.log");
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread follower = new Thread(() -> {
            try {
                new LogTail(log).follow(10, seen::add, Duration.ofMillis(20));
            } catch (InterruptedException | IOException e) {
                // stopped
            }
        });
        follower.start();
        Thread.sleep(100);
        Files.writeString(log, "first\nsec");
        Thread.sleep(100);
        Files.writeString(log, "ond\n", StandardOpenOption.APPEND);
        await(() -> seen.size() == 2, seen);
        follower.interrupt();
        follower.join(5000);
        assertEquals(List.of("first", "second"), seen);
    }

    private static void await(java.util.function.BooleanSupplier condition, Object shown) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 10 s: " + shown);
            }
            Thread.sleep(10);
        }
    }
}
