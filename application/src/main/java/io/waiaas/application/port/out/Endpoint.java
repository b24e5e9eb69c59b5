package io.waiaas.application.port.out;

import io.waiaas.application.DaemonSettings;
import io.waiaas.application.port.in.ReportHealth;

/** Open the daemon's HTTP endpoint, which serves the given in-ports. */
public interface Endpoint {

    /** Start listening as {@code settings} say, serving {@code health}; fail if the address is taken. */
    Listening open(DaemonSettings settings, ReportHealth health);

    /** An open endpoint; closing it stops serving. */
    interface Listening extends AutoCloseable {
        /** Return the bound port (the actual one when 0 was asked for). */
        int port();

        @Override
        void close();
    }
}
