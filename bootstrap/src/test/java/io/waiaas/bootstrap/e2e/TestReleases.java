package io.waiaas.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Publish the packages the build made to a loopback registry, as npm publish would, signed with a test key. */
final class TestReleases {
    static final String CLI = "@waiaas/cli";
    static final Path PACKAGES =
            Path.of(System.getProperty("waiaas.packages", "target/packages")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestReleases() {}

    /** Return the version of the N+1 test package. */
    static String nextVersion() throws IOException {
        return Files.readString(PACKAGES.resolve("test/next-version")).strip();
    }

    /** Return the release package of this build. */
    static Path release(String version) {
        return PACKAGES.resolve("waiaas-cli-" + version + ".tgz");
    }

    /** Return the N+1 test package with {@code suffix} ("" or a variant such as "-failing-migration"). */
    static Path testPackage(String next, String suffix) {
        return PACKAGES.resolve("test/waiaas-cli-" + next + suffix + ".tgz");
    }

    /** Serve a loopback registry with this build ({@code n}) and the N+1 test package ({@code next}) as latest. */
    static LoopbackRegistry serveReleaseAndNext(String n, String next, RegistryKey key) throws IOException {
        return LoopbackRegistry.serve(releaseAndNext(n, next, key));
    }

    /** Return this build ({@code n}) and the N+1 test package ({@code next}) published, N+1 as latest. */
    static PublishedPackages releaseAndNext(String n, String next, RegistryKey key) throws IOException {
        PublishedPackages published = new PublishedPackages().keys(key);
        publish(published, n, release(n), key);
        publish(published, next, testPackage(next, ""), key);
        return published.tag(CLI, "latest", next);
    }

    /** Publish {@code tgz} as {@code version}, with its package.json's {@code waiaas} block, signed by {@code key}. */
    static void publish(PublishedPackages published, String version, Path tgz, RegistryKey key) throws IOException {
        byte[] bytes = Files.readAllBytes(tgz);
        // npm publish copies package.json's own fields into the version manifest: the waiaas block among them.
        published
                .tarball(CLI, version, bytes)
                .manifestField(CLI, version, "waiaas", schemaBlock(bytes))
                .sign(CLI, version, key);
    }

    /** Return the {@code waiaas} block of the package.json inside {@code tgz}, as JSON text. */
    static String schemaBlock(byte[] tgz) throws IOException {
        JsonNode packageJson = JSON.readTree(fileInTarball(tgz, "package/package.json"));
        return packageJson.get("waiaas").toString();
    }

    /** Return one file of a gzip'd tar (ustar headers, as the packaging writes them). */
    static byte[] fileInTarball(byte[] tgz, String name) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String entry = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
                String prefix = new String(header, 345, 155, StandardCharsets.US_ASCII).replace("\0", "");
                String full = prefix.isEmpty() ? entry : prefix + "/" + entry;
                long size = Long.parseLong(
                        new String(header, 124, 12, StandardCharsets.US_ASCII)
                                .replace("\0", "")
                                .strip(),
                        8);
                byte[] content = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (full.equals(name)) {
                    return content;
                }
            }
        }
        throw new AssertionError(name + " is not in the package");
    }
}
