package io.waiaas.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.host.RotatingLogHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOGS-01: the daemon's records go to its data dir's rotated log file, one file per data dir. */
class LoggingTest {
    @TempDir
    Path tmp;

    @AfterEach
    void removeTheFileHandlers() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof RotatingLogHandler) {
                root.removeHandler(handler);
                handler.close();
            }
        }
    }

    @Test
    void writesTheRecordsToTheLogFileAndMovesToAnotherDataDirsLog() throws Exception {
        Logger waiaas = Logger.getLogger("io.waiaas.test");
        waiaas.setLevel(Level.INFO);
        Path first = tmp.resolve("a/logs/daemon.log");
        Logging.toFile(first, 1 << 20, 5);
        Logging.toFile(first, 1 << 20, 5); // once only
        waiaas.info("to the first");
        Path second = tmp.resolve("b/logs/daemon.log");
        Logging.toFile(second, 1 << 20, 5);
        waiaas.info("to the second");

        List<String> a = Files.readAllLines(first);
        assertEquals(1, a.size(), a.toString());
        assertTrue(a.getFirst().endsWith(" INFO io.waiaas.test: to the first"), a.toString());
        List<String> b = Files.readAllLines(second);
        assertEquals(1, b.size(), b.toString());
        assertTrue(b.getFirst().endsWith(" INFO io.waiaas.test: to the second"), b.toString());
    }

    @Test
    void aLogThatCannotBeOpenedIsOneClearFailure() throws Exception {
        Files.writeString(tmp.resolve("logs"), "a file where the folder belongs");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class, () -> Logging.toFile(tmp.resolve("logs/daemon.log"), 1024, 1));
        assertTrue(e.getMessage().startsWith("cannot open the daemon log: "), e.getMessage());
    }

    @Test
    void theJvmIsNotShuttingDownWhileTestsRun() {
        assertFalse(DaemonLogManager.shuttingDown());
    }
}
