package io.waiaas.bootstrap;

import io.waiaas.adapters.host.OneLineFormatter;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Set up one-line log records on stderr: INFO for the daemon, WARNING (quiet) for every other command; waiaas's own
 * DEBUG lines too with {@code --verbose}.
 */
final class Logging {
    private static final List<String> QUIET_LOGGERS = List.of("org.flywaydb", "io.helidon.common.features");
    private static final List<Logger> CONFIGURED = new java.util.ArrayList<>();

    private Logging() {}

    /** Configure java.util.logging, which Helidon and waiaas log through. */
    static void configure(String[] args) {
        System.setProperty("user.timezone", "UTC");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level level = List.of(args).contains("start")
                        && !List.of(args).contains("-d")
                        && !List.of(args).contains("--detach")
                ? Level.INFO
                : Level.WARNING;
        root.setLevel(level);
        Handler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new OneLineFormatter());
        root.addHandler(handler);
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
}
