package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.bootstrap.contract.HealthSurfaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The sixth surface of the {@code /health} contract (SYNC-01): the TypeScript declarations the package build
 * generated from the OpenAPI document with openapi-typescript agree with the contract, and the release package ships
 * them as its {@code types}. (The other five: {@code contract.HealthContractSyncTest}.)
 */
class HealthTypesIT {
    @Test
    void theGeneratedDeclarationsAgreeWithTheContract() throws IOException {
        String declarations = Files.readString(TestReleases.PACKAGES.resolve("types/health.d.ts"));
        HealthSurfaces.assertAgrees(
                "the npm package's types/health.d.ts",
                HealthSurfaces.CONTRACT,
                HealthSurfaces.ofTypeScript(declarations));
    }

    @Test
    void theReleasePackageShipsThemAsItsTypes() throws IOException {
        byte[] tgz = Files.readAllBytes(TestReleases.release(System.getProperty("waiaas.version")));
        assertEquals(
                Files.readString(TestReleases.PACKAGES.resolve("types/health.d.ts")),
                new String(TestReleases.fileInTarball(tgz, "package/types/health.d.ts"), StandardCharsets.UTF_8));
        JsonNode packageJson = new ObjectMapper().readTree(TestReleases.fileInTarball(tgz, "package/package.json"));
        assertEquals("types/health.d.ts", packageJson.path("types").textValue(), packageJson.toString());
        assertTrue(packageJson.get("files").toString().contains("\"types/\""), packageJson.toString());
    }
}
