/** The HTTP face of waiaas on Helidon SE: /health, observe endpoints, the Host guard, and the daemon client. */
module io.waiaas.adapters.http {
    requires io.waiaas.application;
    requires io.helidon.webserver;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.health;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
}
