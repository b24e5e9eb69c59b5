/**
 * The host adapters of waiaas: daemon process control, the data dir's locks, the upgrade journal, disk space, the
 * version runner, scheduled workers and the one-line operator log.
 */
module io.waiaas.adapters.host {
    requires transitive io.waiaas.application;
    requires io.waiaas.platform;
    requires io.helidon.scheduling;
    requires com.fasterxml.jackson.databind;
    requires transitive java.logging;

    exports io.waiaas.adapters.host;
}
