package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LoopbackRegistryTest {
    private static final String CLI = "@waiaas/cli";

    private record Answer(int status, String etag, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Answer get(URI uri, String accept, String ifNoneMatch) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestProperty("Accept", accept);
        if (ifNoneMatch != null) {
            c.setRequestProperty("If-None-Match", ifNoneMatch);
        }
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            byte[] body = in == null ? new byte[0] : in.readAllBytes();
            return new Answer(status, c.getHeaderField("ETag"), body);
        } finally {
            c.disconnect();
        }
    }

    @Test
    void servesDistTagsWithAnETagAndAnswers304WhenUnchanged() throws IOException {
        PublishedPackages published =
                new PublishedPackages().publish(CLI, "1.0.0").tag(CLI, "latest", "1.0.0");
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published)) {
            URI uri = URI.create(
                    registry.uri() + LoopbackRegistry.distTagsPath(CLI).substring(1));
            Answer first = get(uri, "application/json", null);
            assertEquals(200, first.status());
            assertEquals("{\"latest\":\"1.0.0\"}", first.text());
            assertEquals(304, get(uri, "application/json", first.etag()).status());

            published.tag(CLI, "latest", "1.1.0");
            assertEquals(200, get(uri, "application/json", first.etag()).status());
            assertEquals(3, registry.requestsTo(LoopbackRegistry.distTagsPath(CLI)));
        }
    }

    @Test
    void servesAttachedTarballsWithTheirTrueIntegrityAndManifestFields() throws IOException {
        byte[] tgz = "not really a tarball".getBytes(StandardCharsets.UTF_8);
        PublishedPackages published = new PublishedPackages()
                .tarball(CLI, "1.0.0-rc.1", tgz)
                .manifestField(CLI, "1.0.0-rc.1", "waiaas", "{\"schemaVersion\":3,\"minCompatibleSchemaVersion\":2}");
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published)) {
            String abbreviated = get(URI.create(registry.uri() + "@waiaas%2fcli"), LoopbackRegistry.ABBREVIATED, null)
                    .text();
            assertTrue(abbreviated.contains("\"integrity\":\"sha512-" + sha512(tgz) + "\""), abbreviated);
            assertTrue(
                    abbreviated.contains("\"tarball\":\"" + registry.uri() + "@waiaas/cli/-/cli-1.0.0-rc.1.tgz\""),
                    abbreviated);
            assertTrue(!abbreviated.contains("schemaVersion"), "npm leaves custom fields out of abbreviated docs");

            String manifest = get(URI.create(registry.uri() + "@waiaas%2fcli/1.0.0-rc.1"), "application/json", null)
                    .text();
            assertTrue(
                    manifest.contains("\"waiaas\":{\"schemaVersion\":3,\"minCompatibleSchemaVersion\":2}"), manifest);

            Answer tarball = get(URI.create(registry.tarballUrl(CLI, "1.0.0-rc.1")), "*/*", null);
            assertEquals(200, tarball.status());
            assertArrayEquals(tgz, tarball.body());
            assertEquals(
                    404,
                    get(URI.create(registry.tarballUrl(CLI, "9.9.9")), "*/*", null)
                            .status());
        }
    }

    @Test
    void servesSigningKeysSignaturesPublishTimesAndTamperedTarballs() throws IOException {
        byte[] tgz = TarballBuilder.npmPackage(CLI, "1.0.0").build();
        RegistryKey key = RegistryKey.generate("SHA256:loopback");
        PublishedPackages published = new PublishedPackages()
                .tarball(CLI, "1.0.0", tgz)
                .publishedAt(CLI, "1.0.0", Instant.parse("2026-02-03T04:05:06.007Z"));
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published)) {
            URI keys = URI.create(registry.uri() + LoopbackRegistry.KEYS_PATH.substring(1));
            assertEquals(404, get(keys, "application/json", null).status());

            published
                    .keys(key)
                    .sign(CLI, "1.0.0", key)
                    .serveInstead(CLI, "1.0.0", "evil".getBytes(StandardCharsets.UTF_8));
            String keysJson = get(keys, "application/json", null).text();
            assertTrue(keysJson.startsWith("{\"keys\":[{\"expires\":null,\"keyid\":\"SHA256:loopback\""), keysJson);
            assertTrue(keysJson.contains("\"key\":\"" + key.publicKeyBase64() + "\""), keysJson);

            String full = get(URI.create(registry.uri() + "@waiaas%2fcli"), "application/json", null)
                    .text();
            assertTrue(full.contains("\"signatures\":[{\"keyid\":\"SHA256:loopback\",\"sig\":\""), full);
            assertTrue(full.contains("\"1.0.0\":\"2026-02-03T04:05:06.007Z\""), full);
            assertTrue(
                    full.contains("\"integrity\":\"sha512-" + sha512(tgz) + "\""), "integrity of the attached bytes");
            assertArrayEquals(
                    "evil".getBytes(StandardCharsets.UTF_8),
                    get(URI.create(registry.tarballUrl(CLI, "1.0.0")), "*/*", null)
                            .body());
        }
    }

    private static String sha512(byte[] data) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-512").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
