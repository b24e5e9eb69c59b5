/**
 * The client SDK of waiaas: the {@code /health} contract ({@link io.waiaas.sdk.HealthResponse}), its JSON Schema and
 * {@link io.waiaas.sdk.WaiaasClient}. Needs only the JDK and Jackson, so an outside Java program can depend on it.
 */
module io.waiaas.sdk {
    requires transitive com.fasterxml.jackson.annotation;
    requires transitive com.fasterxml.jackson.databind;

    exports io.waiaas.sdk;

    // Jackson reads and writes HealthResponse by reflection.
    opens io.waiaas.sdk to
            com.fasterxml.jackson.databind;
}
