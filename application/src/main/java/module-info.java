/** The use cases of waiaas and the ports through which adapters drive them and they reach the world. */
module io.waiaas.application {
    requires transitive io.waiaas.domain;

    exports io.waiaas.application;
    exports io.waiaas.application.port.in;
    exports io.waiaas.application.port.out;
}
