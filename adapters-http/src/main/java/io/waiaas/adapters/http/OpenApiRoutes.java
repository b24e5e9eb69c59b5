package io.waiaas.adapters.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.waiaas.application.port.out.Endpoint;

/** Route {@code GET /openapi.json} to the generated {@link OpenApiDocument} (SYNC-01). */
final class OpenApiRoutes {

    private OpenApiRoutes() {}

    /** Add the OpenAPI route to {@code routing}; the document names the running version from {@code health}. */
    static void register(HttpRouting.Builder routing, Endpoint.Served health) {
        byte[] body = OpenApiDocument.render(health.health().version().toString());
        routing.get(OpenApiDocument.PATH, (ServerRequest req, ServerResponse res) -> {
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(body);
        });
    }
}
