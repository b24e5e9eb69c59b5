package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Inspect backup directories from outside the image, as an operator's tools would (BKUP-02). */
final class BackupDirs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BackupDirs() {}

    /** Check that every file {@code backup}'s manifest names is there with its recorded size and SHA-256. */
    static void assertManifestValid(Path backup) throws IOException {
        JsonNode manifest = JSON.readTree(backup.resolve("manifest.json").toFile());
        assertTrue(manifest.get("files").size() >= 1, manifest.toString());
        for (JsonNode file : manifest.get("files")) {
            Path path = backup.resolve(file.get("name").textValue());
            assertEquals(file.get("size").longValue(), Files.size(path), path.toString());
            assertEquals(file.get("sha256").textValue(), SqliteFiles.sha256(path), path.toString());
        }
    }

    /** Return the ids that {@code waiaas backup list --json} printed, newest first. */
    static List<String> ids(String listJson) throws IOException {
        List<String> ids = new ArrayList<>();
        JSON.readTree(listJson).forEach(b -> ids.add(b.get("id").textValue()));
        return ids;
    }

    /** Return the names of the hidden entries in {@code backupsDir}: what a backup or prune left half-done. */
    static List<String> hidden(Path backupsDir) throws IOException {
        if (!Files.isDirectory(backupsDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(backupsDir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
