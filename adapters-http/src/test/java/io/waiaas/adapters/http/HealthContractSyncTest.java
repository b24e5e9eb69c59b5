package io.waiaas.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waiaas.sdk.HealthResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The /health contract exists once: the Java type, the OpenAPI schema and the skill file's example agree. */
class HealthContractSyncTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\s*\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void theOpenApiSchemaHasTheJavaTypesKeysInWireOrder() throws IOException {
        HealthResponse sample = new HealthResponse("ok", "1.0.0", "1.1.0", true, 3, 60, 1_700_000_000L);
        JsonNode wire = JSON.readTree(JSON.writeValueAsBytes(sample));
        assertEquals(
                keys(wire),
                keys(healthSchema().get("properties")),
                "the OpenAPI HealthResponse schema disagrees with what the server writes");
        assertEquals(keys(wire), texts(healthSchema().get("required")));
        assertMatchesSchema(wire, "the server's own JSON");
    }

    @Test
    void theSkillFilesExampleHasTheSchemasKeysOrderAndTypes() throws IOException {
        JsonNode example = skillExample();
        assertEquals(
                keys(healthSchema().get("properties")),
                keys(example),
                "skills/health.skill.md's example disagrees with the OpenAPI HealthResponse schema on field names"
                        + " or order");
        assertMatchesSchema(example, "skills/health.skill.md's example");
    }

    @Test
    void theSkillFilesExampleReadsBackIntoTheJavaType() throws IOException {
        HealthResponse read = JSON.treeToValue(skillExample(), HealthResponse.class);
        assertEquals("ok", read.status());
        HealthWire.toSnapshot(read);
    }

    @Test
    void onlyLatestVersionMayBeNull() {
        JsonNode properties = healthSchema().get("properties");
        List<String> nullable = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            if (p.getValue().get("type").isArray()) {
                nullable.add(p.getKey());
            }
        }
        assertEquals(List.of("latestVersion"), nullable);
    }

    @Test
    void theDocumentDescribesGetHealthWithTheSchema() {
        ObjectNode doc = OpenApiDocument.document("1.0.0");
        assertTrue(doc.get("openapi").textValue().startsWith("3."));
        assertEquals(
                "#/components/schemas/HealthResponse",
                doc.at("/paths/~1health/get/responses/200/content/application~1json/schema/$ref")
                        .textValue());
    }

    private static void assertMatchesSchema(JsonNode body, String what) {
        JsonNode properties = healthSchema().get("properties");
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode property = properties.get(field.getKey());
            if (property == null) {
                fail(what + " has field '" + field.getKey() + "', which the schema lacks");
            }
            List<String> allowed = property.get("type").isArray()
                    ? texts(property.get("type"))
                    : List.of(property.get("type").textValue());
            String actual = jsonType(field.getValue(), property.path("format").asText(""));
            assertTrue(
                    allowed.contains(actual),
                    what + ": field '" + field.getKey() + "' is " + actual + " but the schema says " + allowed);
        }
    }

    private static String jsonType(JsonNode value, String format) {
        if (value.isNull()) {
            return "null";
        } else if (value.isTextual()) {
            return "string";
        } else if (value.isBoolean()) {
            return "boolean";
        } else if (value.isIntegralNumber()) {
            return "int32".equals(format) && !value.canConvertToInt() ? "integer out of int32" : "integer";
        } else if (value.isNumber()) {
            return "number";
        }
        return value.getNodeType().name().toLowerCase();
    }

    private static JsonNode healthSchema() {
        return OpenApiDocument.document("1.0.0").at("/components/schemas/HealthResponse");
    }

    private static JsonNode skillExample() throws IOException {
        String text = Files.readString(skillFile());
        Matcher m = JSON_BLOCK.matcher(text);
        assertTrue(m.find(), "skills/health.skill.md has no ```json example");
        return JSON.readTree(m.group(1));
    }

    private static Path skillFile() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("skills").resolve("health.skill.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no skills/health.skill.md above " + dir);
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.textValue()));
        return texts;
    }
}
