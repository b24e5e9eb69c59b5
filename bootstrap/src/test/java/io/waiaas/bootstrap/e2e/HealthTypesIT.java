package io.waiaas.bootstrap.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The sixth surface of the {@code /health} contract (SPEC SYNC-01): the TypeScript declarations the package build
 * generated from the OpenAPI document with openapi-typescript agree with the contract, and the release package ships
 * them as its {@code types}.
 */
class HealthTypesIT {
    private static final Path PACKAGES =
            Path.of(System.getProperty("waiaas.packages", "target/packages")).toAbsolutePath();

    @Test
    void theGeneratedDeclarationsAgreeWithTheContract() throws IOException {
        String declarations = Files.readString(PACKAGES.resolve("types/health.d.ts"));
        HealthContractSyncTest.assertAgrees(
                "the npm package's types/health.d.ts",
                HealthContractSyncTest.CONTRACT,
                HealthSurfaces.ofTypeScript(declarations));
    }

    @Test
    void theReleasePackageShipsThemAsItsTypes() throws IOException {
        String version = System.getProperty("waiaas.version");
        Map<String, byte[]> entries = untar(PACKAGES.resolve("waiaas-cli-" + version + ".tgz"));
        assertTrue(
                entries.containsKey("package/types/health.d.ts"),
                entries.keySet().toString());
        assertEquals(
                Files.readString(PACKAGES.resolve("types/health.d.ts")),
                new String(entries.get("package/types/health.d.ts"), StandardCharsets.UTF_8));
        JsonNode packageJson = new ObjectMapper().readTree(entries.get("package/package.json"));
        assertEquals("types/health.d.ts", packageJson.path("types").textValue(), packageJson.toString());
        assertTrue(packageJson.get("files").toString().contains("\"types/\""), packageJson.toString());
    }

    /** Read the regular files of a ustar tarball (what build-packages.sh writes) into memory, by name. */
    private static Map<String, byte[]> untar(Path tgz) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                String full = prefix.isEmpty() ? name : prefix + "/" + name;
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (header[156] == '0' || header[156] == 0) {
                    if (full.endsWith("health.d.ts") || full.endsWith("package/package.json")) {
                        entries.put(full, body);
                    } else {
                        entries.put(full, new byte[0]);
                    }
                }
            }
        }
        return entries;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
