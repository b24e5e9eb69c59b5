package io.waiaas.adapters.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Write and read {@code manifest.json}. The tree model keeps the domain records free of Jackson annotations and
 * needs no package opened to Jackson.
 */
final class ManifestJson {
    static final String FILE_NAME = "manifest.json";
    private static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {}

    static byte[] write(BackupManifest manifest) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("id", manifest.id().value());
        root.put("reason", manifest.reason().label());
        root.put("appVersion", manifest.appVersion().toString());
        manifest.schemaVersion()
                .ifPresentOrElse(v -> root.put("schemaVersion", v.value()), () -> root.putNull("schemaVersion"));
        root.put("createdAt", manifest.createdAt().toString());
        ArrayNode files = root.putArray("files");
        for (BackupFile file : manifest.files()) {
            files.addObject().put("name", file.name()).put("size", file.size()).put("sha256", file.sha256());
        }
        return MAPPER.writeValueAsBytes(root);
    }

    /** Parse a manifest; throw {@link IllegalArgumentException} (or a domain exception) when it is not one. */
    static BackupManifest read(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject() || required(root, "format").asInt() != FORMAT) {
            throw new IllegalArgumentException("not a waiaas backup manifest");
        }
        JsonNode schema = root.path("schemaVersion");
        List<BackupFile> files = new ArrayList<>();
        for (JsonNode file : required(root, "files")) {
            files.add(new BackupFile(
                    required(file, "name").asText(),
                    required(file, "size").asLong(),
                    required(file, "sha256").asText()));
        }
        return new BackupManifest(
                BackupId.of(required(root, "id").asText()),
                BackupReason.parse(required(root, "reason").asText()),
                Version.parse(required(root, "appVersion").asText()),
                schema.isIntegralNumber() ? Optional.of(SchemaVersion.of(schema.asInt())) : Optional.empty(),
                Instant.parse(required(root, "createdAt").asText()),
                files);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("manifest lacks " + field);
        }
        return value;
    }
}
