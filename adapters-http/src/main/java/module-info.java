/** The HTTP face of waiaas on Helidon SE: /health, observe endpoints, the Host guard, and the daemon client. */
module io.waiaas.adapters.http {
    requires io.waiaas.application;
    requires io.waiaas.sdk;
    requires io.helidon.webserver;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.health;
    requires com.fasterxml.jackson.databind;

    exports io.waiaas.adapters.http;
}
