package io.waiaas.adapters.host;

import io.waiaas.application.port.out.OperatorLog;
import java.util.logging.Logger;

/** Write the application's operator messages through java.util.logging, as the daemon log's other lines. */
public final class JulOperatorLog implements OperatorLog {
    private static final Logger LOG = Logger.getLogger("io.waiaas");

    @Override
    public void info(String message) {
        LOG.info(message);
    }

    @Override
    public void warn(String message) {
        LOG.warning(message);
    }
}
