package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** LOGS-02: {@code waiaas logs [-f] [-n N]} prints what the daemon log hands it, and says when there is none. */
class LogsCommandTest extends CliTestSupport {
    /** A log of the lines given; following prints the tail, then the lines written later, then is interrupted. */
    private static final class LinesLog implements DaemonLog {
        final List<String> lines;
        final List<String> later;
        final List<Integer> asked = new ArrayList<>();

        LinesLog(List<String> lines, List<String> later) {
            this.lines = lines;
            this.later = later;
        }

        @Override
        public Path file() {
            return Path.of("/data/logs/daemon.log");
        }

        @Override
        public boolean exists() {
            return !lines.isEmpty();
        }

        @Override
        public List<String> last(int n) {
            asked.add(n);
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        }

        @Override
        public void follow(int n, Consumer<String> sink) throws InterruptedException {
            last(n).forEach(sink);
            later.forEach(sink);
            throw new InterruptedException();
        }
    }

    @Test
    void printsTheLastFiftyLinesByDefaultAndNWhenAsked() {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 80; i++) {
            all.add("line " + i);
        }
        LinesLog log = new LinesLog(all, List.of());
        daemonLog = log;
        Result result = run("logs");
        assertEquals(0, result.exit(), result.err());
        assertEquals(50, result.out().lines().count());
        assertTrue(result.out().startsWith("line 31\n"), result.out());
        Result three = run("logs", "-n", "3");
        assertEquals("line 78\nline 79\nline 80\n", three.out());
        assertEquals(List.of(50, 3), log.asked);
    }

    @Test
    void followsUntilInterruptedAndEndsWithZero() {
        daemonLog = new LinesLog(List.of("a", "b"), List.of("c"));
        Result result = run("logs", "-f", "-n", "1");
        assertEquals(0, result.exit(), result.err());
        assertEquals("b\nc\n", result.out());
    }

    @Test
    void aMissingLogIsOneLineAndExitOne() {
        daemonLog = new LinesLog(List.of(), List.of());
        Result result = run("logs");
        assertEquals(1, result.exit());
        assertEquals(
                "waiaas: no daemon log yet at /data/logs/daemon.log; the daemon writes it once started (waiaas start)\n",
                result.err());
        assertEquals("", result.out());
    }

    @Test
    void followingALogThatIsNotThereYetWaitsForIt() {
        daemonLog = new LinesLog(List.of(), List.of("the first line"));
        Result result = run("logs", "-f");
        assertEquals(0, result.exit(), result.err());
        assertEquals("the first line\n", result.out());
    }

    @Test
    void aNegativeCountIsAUsageError() {
        daemonLog = new LinesLog(List.of("a"), List.of());
        Result result = run("logs", "-n", "-2");
        assertEquals(2, result.exit());
        assertTrue(result.err().startsWith("waiaas: -n must be 0 or more, was -2"), result.err());
    }
}
