package io.waiaas.bootstrap.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.sdk.HealthResponse;
import io.waiaas.sdk.WireNullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read the fields of the {@code /health} contract out of each surface that states it, in one vocabulary: name, JSON
 * type ({@code string}, {@code boolean}, {@code integer}, {@code number}) and whether it may be null, in wire order.
 */
public final class HealthSurfaces {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TABLE_ROW =
            Pattern.compile("^\\| `([A-Za-z]+)` \\| ([a-z]+)( or null)? \\|", Pattern.MULTILINE);
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\s*\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern TS_MEMBER =
            Pattern.compile("^\\s*([A-Za-z]+)\\??: ([a-z]+)( \\| null)?;", Pattern.MULTILINE);

    /** The contract, as the one definition states it: {@code io.waiaas.sdk.HealthResponse}. */
    public static final List<Field> CONTRACT = ofRecord(HealthResponse.class);

    private HealthSurfaces() {}

    /** Fail with every difference when {@code surface}'s fields disagree with {@code expected}. */
    public static void assertAgrees(String surface, List<Field> expected, List<Field> actual) {
        List<String> differences = differences(expected, actual);
        if (!differences.isEmpty()) {
            throw new AssertionError(
                    surface + " disagrees with the /health contract (io.waiaas.sdk.HealthResponse):\n  "
                            + String.join("\n  ", differences));
        }
    }

    /** One field as a surface states it. */
    public record Field(String name, String type, boolean nullable) {
        @Override
        public String toString() {
            return name + ": " + type + (nullable ? " or null" : "");
        }
    }

    /** Read a Java wire record: names in {@link JsonPropertyOrder} order, types from Java, {@link WireNullable}. */
    public static List<Field> ofRecord(Class<? extends Record> type) {
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            byName.put(c.getName(), c);
        }
        List<String> order = new ArrayList<>();
        JsonPropertyOrder annotation = type.getAnnotation(JsonPropertyOrder.class);
        if (annotation != null) {
            order.addAll(List.of(annotation.value()));
        }
        byName.keySet().stream().filter(n -> !order.contains(n)).forEach(order::add);
        List<Field> fields = new ArrayList<>();
        for (String name : order) {
            RecordComponent c = byName.get(name);
            Class<?> java = c.getType();
            String json = java == String.class
                    ? "string"
                    : java == boolean.class || java == Boolean.class
                            ? "boolean"
                            : java == int.class || java == long.class || java == Integer.class || java == Long.class
                                    ? "integer"
                                    : java == double.class || java == Double.class ? "number" : java.getName();
            fields.add(new Field(name, json, c.isAnnotationPresent(WireNullable.class)));
        }
        return fields;
    }

    /** Read a JSON body: names in order and the types of its values; a null value reads as nullable of unknown type. */
    public static List<Field> ofBody(JsonNode body) {
        List<Field> fields = new ArrayList<>();
        body.properties().forEach(e -> {
            JsonNode v = e.getValue();
            String type = v.isTextual()
                    ? "string"
                    : v.isBoolean() ? "boolean" : v.isIntegralNumber() ? "integer" : v.isNumber() ? "number" : "null";
            fields.add(new Field(e.getKey(), type, v.isNull()));
        });
        return fields;
    }

    /** Read a JSON Schema object (the OpenAPI component, the MCP tool's output schema). */
    public static List<Field> ofSchema(JsonNode schema) {
        List<Field> fields = new ArrayList<>();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(n -> required.add(n.textValue()));
        schema.path("properties").properties().forEach(e -> {
            JsonNode t = e.getValue().get("type");
            String type;
            boolean nullable;
            if (t.isArray()) {
                List<String> types = new ArrayList<>();
                t.forEach(n -> types.add(n.textValue()));
                nullable = types.remove("null");
                type = String.join("|", types);
            } else {
                type = t.textValue();
                nullable = false;
            }
            fields.add(new Field(e.getKey(), type, nullable));
        });
        if (!required.equals(fields.stream().map(Field::name).toList())) {
            throw new AssertionError("the schema requires " + required + " but lists " + fields);
        }
        return fields;
    }

    /** Read the skill file's table of fields: {@code | `name` | type[ or null] | meaning |}. */
    public static List<Field> ofSkillTable(String markdown) {
        List<Field> fields = new ArrayList<>();
        Matcher m = TABLE_ROW.matcher(markdown);
        while (m.find()) {
            fields.add(new Field(m.group(1), m.group(2), m.group(3) != null));
        }
        return fields;
    }

    /** Read the skill file's example response. */
    public static JsonNode skillExample(String markdown) {
        Matcher m = JSON_BLOCK.matcher(markdown);
        if (!m.find()) {
            throw new AssertionError("the skill file has no ```json example");
        }
        try {
            return JSON.readTree(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Read the {@code HealthResponse} members of TypeScript declarations generated from the OpenAPI document; TypeScript
     * says {@code number} for JSON's integer and number alike, the format comment tells integers apart.
     */
    public static List<Field> ofTypeScript(String declarations) {
        int start = declarations.indexOf("HealthResponse: {");
        if (start < 0) {
            throw new AssertionError("the TypeScript declarations have no HealthResponse");
        }
        int end = declarations.indexOf("};", start);
        String body = declarations.substring(start, end);
        List<Field> fields = new ArrayList<>();
        Matcher m = TS_MEMBER.matcher(body);
        while (m.find()) {
            String before = body.substring(Math.max(0, m.start() - 80), m.start());
            String type = m.group(2).equals("number") && before.contains("Format: int") ? "integer" : m.group(2);
            fields.add(new Field(m.group(1), type, m.group(3) != null));
        }
        return fields;
    }

    /** Return the differences between {@code expected} and {@code actual}, one line each; empty when they agree. */
    public static List<String> differences(List<Field> expected, List<Field> actual) {
        List<String> lines = new ArrayList<>();
        List<String> expectedNames = expected.stream().map(Field::name).toList();
        List<String> actualNames = actual.stream().map(Field::name).toList();
        if (!expectedNames.equals(actualNames)) {
            lines.add("names or order: expected " + expectedNames + " but was " + actualNames);
        }
        for (Field e : expected) {
            actual.stream()
                    .filter(a -> a.name().equals(e.name()))
                    .findFirst()
                    .filter(a -> !a.equals(e))
                    .ifPresent(a -> lines.add("field '" + e.name() + "': expected " + e + " but was " + a));
        }
        return lines;
    }
}
