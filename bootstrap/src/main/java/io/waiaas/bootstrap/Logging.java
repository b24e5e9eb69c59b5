package io.waiaas.bootstrap;

import io.waiaas.adapters.host.OneLineFormatter;
import io.waiaas.adapters.host.RotatingLogHandler;
import io.waiaas.application.ApplicationException;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Set up one-line log records on stderr: INFO for the daemon, WARNING (quiet) for every other command; waiaas's own
 * DEBUG lines too with {@code --verbose}. The daemon also writes them to its rotated log file, and a detached one there
 * alone (LOGS-01).
 */
final class Logging {
    private static final List<String> QUIET_LOGGERS = List.of("org.flywaydb", "io.helidon.common.features");
    private static final List<Logger> CONFIGURED = new java.util.ArrayList<>();

    private Logging() {}

    /** Name the log manager that keeps its handlers while the JVM shuts down; before anything logs. */
    static void keepHandlersAtShutdown() {
        System.setProperty("java.util.logging.manager", DaemonLogManager.class.getName());
    }

    /** Configure java.util.logging, which Helidon and waiaas log through. */
    static void configure(String[] args, Map<String, String> env) {
        System.setProperty("user.timezone", "UTC");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level level = List.of(args).contains("start")
                        && !List.of(args).contains("-d")
                        && !List.of(args).contains("--detach")
                ? Level.INFO
                : Level.WARNING;
        root.setLevel(level);
        // A detached daemon's stderr is logs/daemon.out: its records go to the log file alone (toFile).
        if (!"1".equals(env.get(Layout.Env.DETACHED))) {
            Handler handler = new ConsoleHandler();
            handler.setLevel(Level.ALL);
            handler.setFormatter(new OneLineFormatter());
            root.addHandler(handler);
        }
        // Flyway narrates every migration step at INFO; the daemon reports the outcome itself.
        // The loggers are held here: java.util.logging keeps only weak references, and a collected logger
        // would forget its level.
        for (String name : QUIET_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            CONFIGURED.add(logger);
        }
        if (List.of(args).contains("--verbose")) {
            // waiaas's own debug lines, such as the time of each phase of a backup (bench/backup reads them).
            Logger waiaas = Logger.getLogger("io.waiaas");
            waiaas.setLevel(Level.FINE);
            CONFIGURED.add(waiaas);
        }
    }

    /**
     * Write the log's records to {@code log} too, rotated past {@code maxSize} bytes with {@code keep} older files
     * kept: what the daemon does once its configuration is read (LOGS-01).
     */
    static synchronized void toFile(Path log, long maxSize, int keep) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof RotatingLogHandler rotating) {
                if (rotating.file().equals(log)) {
                    return; // already there
                }
                // Another data dir's daemon ran in this JVM before (training, tests): its log is done.
                root.removeHandler(rotating);
                rotating.close();
            }
        }
        try {
            RotatingLogHandler handler = new RotatingLogHandler(log, maxSize, keep, new OneLineFormatter());
            handler.setLevel(Level.ALL);
            root.addHandler(handler);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot open the daemon log: " + IoErrors.describe(e, log));
        }
    }
}
