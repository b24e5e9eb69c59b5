package io.waiaas.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.sdk.HealthResponse;
import io.waiaas.sdk.WaiaasClient;
import java.io.UncheckedIOException;

/** Route {@code GET /health} to the {@link Endpoint.Served} in-port; a static function of the in-port. */
final class HealthRoutes {
    static final String PATH = WaiaasClient.HEALTH_PATH;
    private static final ObjectWriter WRITER = new ObjectMapper().writerFor(HealthResponse.class);

    private HealthRoutes() {}

    /** Add the health route, serving {@code health}, to {@code routing}. */
    static void register(HttpRouting.Builder routing, Endpoint.Served health) {
        routing.get(PATH, (ServerRequest req, ServerResponse res) -> {
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.header(HeaderValues.CACHE_NO_CACHE);
            res.send(render(health));
        });
    }

    /** Return the JSON bytes of the current health response. */
    static byte[] render(Endpoint.Served health) {
        try {
            return WRITER.writeValueAsBytes(HealthWire.from(health.health()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
