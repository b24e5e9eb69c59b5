/**
 * The use cases of waiaas and the ports through which adapters drive them and they reach the world.
 *
 * <p>Adapters see only the ports and their value types; the services behind the in-ports are built by bootstrap
 * alone (qualified exports), so no adapter can call a service around its port.
 */
module io.waiaas.application {
    requires transitive io.waiaas.domain;

    exports io.waiaas.application;
    exports io.waiaas.application.port.in;
    exports io.waiaas.application.port.out;
    exports io.waiaas.application.backup to
            io.waiaas.bootstrap;
    exports io.waiaas.application.daemon to
            io.waiaas.bootstrap;
    exports io.waiaas.application.metrics to
            io.waiaas.bootstrap;
    exports io.waiaas.application.ops to
            io.waiaas.bootstrap;
    exports io.waiaas.application.notify to
            io.waiaas.bootstrap;
    exports io.waiaas.application.schema to
            io.waiaas.bootstrap;
    exports io.waiaas.application.update to
            io.waiaas.bootstrap;
    exports io.waiaas.application.upgrade to
            io.waiaas.bootstrap;
}
