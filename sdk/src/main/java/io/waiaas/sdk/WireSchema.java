package io.waiaas.sdk;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derive the JSON Schema of a wire record (SYNC-01).
 *
 * <p>Nothing is written by hand per field: names and order come from {@link JsonPropertyOrder} (or the declaration
 * order), JSON types from the Java types, nullability from {@link WireNullable}; so a schema made here cannot drift
 * from its record. The OpenAPI document and the MCP tool {@code get_health} both publish {@code of(HealthResponse)}.
 */
public final class WireSchema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireSchema() {}

    /** Return the JSON Schema of record {@code type}: an object with every component required, in wire order. */
    public static ObjectNode of(Class<? extends Record> type) {
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
