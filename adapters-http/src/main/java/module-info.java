/**
 * The HTTP face of waiaas on Helidon SE: /health, /metrics, observe endpoints, the Host guard, the daemon client, and
 * the webhook that posts events to the operator's receiver.
 */
module io.waiaas.adapters.http {
    requires io.waiaas.application;
    requires io.waiaas.sdk;
    requires io.helidon.webserver;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.health;
    requires io.helidon.webserver.observe.metrics;
    requires io.helidon.metrics.api;
    requires com.fasterxml.jackson.databind;
    requires io.waiaas.platform;
    requires java.net.http;

    exports io.waiaas.adapters.http;
}
