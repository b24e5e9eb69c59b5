package io.waiaas.adapters.http;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generate the daemon's OpenAPI 3.1 document from the Java wire types (SPEC SYNC-01).
 *
 * <p>Nothing here is written by hand per field: {@code components.schemas.HealthResponse} is derived from the
 * components of {@link HealthResponse} — names and order from {@link JsonPropertyOrder} (or the declaration order),
 * JSON types from the Java types, nullability from {@link WireNullable} — so the document cannot drift from the type.
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
                .set(HealthResponse.class.getSimpleName(), schemaOf(HealthResponse.class));
        return doc;
    }

    /** Return the JSON bytes of {@link #document(String)}. */
    static byte[] render(String version) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document(version));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Return the JSON Schema of record {@code type}: an object with every component required, in wire order. */
    static ObjectNode schemaOf(Class<? extends Record> type) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (RecordComponent component : wireOrder(type)) {
            properties.set(component.getName(), typeOf(component));
            required.add(component.getName());
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static List<RecordComponent> wireOrder(Class<? extends Record> type) {
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            byName.put(component.getName(), component);
        }
        List<RecordComponent> ordered = new ArrayList<>();
        JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
        if (order != null) {
            for (String name : order.value()) {
                RecordComponent component = byName.remove(name);
                if (component == null) {
                    throw new IllegalStateException("@JsonPropertyOrder of " + type.getSimpleName()
                            + " names '" + name + "', which is not a component of "
                            + Arrays.toString(type.getRecordComponents()));
                }
                ordered.add(component);
            }
        }
        ordered.addAll(byName.values());
        return ordered;
    }

    private static ObjectNode typeOf(RecordComponent component) {
        Class<?> java = component.getType();
        ObjectNode node = NODES.objectNode();
        String json;
        if (java == String.class) {
            json = "string";
        } else if (java == boolean.class || java == Boolean.class) {
            json = "boolean";
        } else if (java == int.class || java == Integer.class) {
            json = "integer";
            node.put("format", "int32");
        } else if (java == long.class || java == Long.class) {
            json = "integer";
            node.put("format", "int64");
        } else if (java == double.class || java == Double.class) {
            json = "number";
        } else {
            throw new IllegalStateException("no JSON type for " + java.getName() + " of " + component.getName());
        }
        if (component.isAnnotationPresent(WireNullable.class)) {
            if (java.isPrimitive()) {
                throw new IllegalStateException(component.getName() + " is primitive and cannot be null");
            }
            node.putArray("type").add(json).add("null");
        } else {
            node.put("type", json);
        }
        return node;
    }
}
