package io.waiaas.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waiaas.sdk.HealthResponse;
import io.waiaas.sdk.WireSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generate the daemon's OpenAPI 3.1 document from the Java wire types (SYNC-01).
 *
 * <p>Nothing here is written by hand per field: {@code components.schemas.HealthResponse} is the SDK's
 * {@link WireSchema} of {@link HealthResponse}, so the document cannot drift from the type.
 */
public final class OpenApiDocument {
    /** The path the document is served at. */
    public static final String PATH = "/openapi.json";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenApiDocument() {}

    /** Return the OpenAPI document of the daemon's API for {@code version}. */
    public static ObjectNode document(String version) {
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "waiaas daemon API");
        info.put("version", version);
        ObjectNode get = doc.putObject("paths").putObject(HealthRoutes.PATH).putObject("get");
        get.put("operationId", "getHealth");
        get.put("summary", "Report the daemon's version, update availability, schema and uptime");
        ObjectNode ok = get.putObject("responses").putObject("200");
        ok.put("description", "The daemon is up");
        ok.putObject("content")
                .putObject("application/json")
                .putObject("schema")
                .put("$ref", "#/components/schemas/" + HealthResponse.class.getSimpleName());
        doc.putObject("components")
                .putObject("schemas")
                .set(HealthResponse.class.getSimpleName(), WireSchema.of(HealthResponse.class));
        return doc;
    }

    /**
     * Write the document of version {@code args[0]} to the file {@code args[1]}: the package build generates the npm
     * package's TypeScript declarations from it (bootstrap/src/package/build-packages.sh).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: OpenApiDocument VERSION FILE");
        }
        Files.write(Path.of(args[1]), render(args[0]));
    }

    /** Return the JSON bytes of {@link #document(String)}. */
    static byte[] render(String version) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document(version));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
