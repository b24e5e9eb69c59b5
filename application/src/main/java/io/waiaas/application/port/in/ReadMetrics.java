package io.waiaas.application.port.in;

/**
 * Read what the daemon exports as metrics ({@code GET /metrics}, OPS-02): its versions, its last version check, its
 * upgrade history, its last backup and its database's schema, each read when asked, never from the registry.
 */
public interface ReadMetrics {

    /**
     * Return the values now; a source that cannot be read leaves its values out instead of failing the read, so one
     * damaged file never hides the others.
     */
    MetricsSnapshot read();
}
