package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.testkit.TarballBuilder;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.PublisherKeys;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher check (TRST-B1..B3) on packages signed by the real release signer (tools/release-signing), installed
 * from a package file ({@code upgrade --from}) by a version whose image ships a key list.
 */
class PublisherSignaturesTest {
    private static final String CLI = "@waiaas/cli";
    private static final Version V = Version.parse("1.1.0");
    private static final String FAR = "2099-01-01T00:00:00Z";

    /** The signer compiled once, and two keys and a key list trusting key-1 made once, for every test. */
    @TempDir
    static Path shared;

    private static Path signerClasses;
    private static Path keys;
    private static Path keyList;

    @TempDir
    Path tmp;

    private Path image;

    @BeforeAll
    static void compileTheSignerAndMakeKeys() throws Exception {
        signerClasses = shared.resolve("signer");
        run(List.of(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d",
                signerClasses.toString(),
                "--module-path",
                domainModule().toString(),
                "--add-modules",
                "io.waiaas.domain",
                Path.of("..", "tools", "release-signing", "ReleaseSigner.java")
                        .toAbsolutePath()
                        .toString()));
        keys = shared.resolve("keys");
        signer("keygen", keys.toString(), "key-1");
        signer("keygen", keys.toString(), "key-2");
        keyList = shared.resolve("waiaas-keys.json");
        signer("keylist", keyList.toString(), "--key", "key-1", pub("key-1"), FAR);
    }

    @BeforeEach
    void anImageTrustingKey1() throws IOException {
        image = Files.createDirectories(tmp.resolve("image"));
        Files.copy(keyList, image.resolve("waiaas-keys.json"));
    }

    @Test
    void aPackageSignedByATrustedKeyInstallsAndSaysWhichKeySignedIt() throws Exception {
        Path tgz = pack(signedTree("key-1", "1.1.0"));
        NpmRegistry.Offline offline = offline(tgz, Optional.of(image), "root");
        PackageRelease release = offline.releases().release(CLI, V);

        Verification checked = offline.installer().verifyPackage(release);
        assertEquals(Optional.of("key-1"), checked.origin().publisherKey());
        assertFalse(Files.exists(tmp.resolve("root/versions/1.1.0")), "verifyPackage installed something");
        InstalledVersion installed = offline.installer().install(release, (received, total) -> {});
        assertEquals(V, installed.version());
        assertTrue(offline.installer().verify(release).describe().contains("publisher's signature (key key-1)"));
    }

    @Test
    void aFileChangedAddedOrRemovedAfterSigningIsRefusedNamingTheCheckAndNothingIsInstalled() throws Exception {
        for (String change : List.of("changed", "added", "removed")) {
            Path tree = signedTree("key-1", "1.1.0");
            switch (change) {
                case "changed" -> Files.writeString(tree.resolve("bin/waiaas"), "#!/bin/sh\necho evil\n");
                case "added" -> Files.writeString(tree.resolve("bin/extra"), "extra\n");
                default -> Files.delete(tree.resolve("CHANGELOG.md"));
            }
            String root = "root-" + change;
            NpmRegistry.Offline offline = offline(pack(tree), Optional.of(image), root);
            PackageRelease release = offline.releases().release(CLI, V);
            assertRefused(
                    () -> offline.installer().install(release, (received, total) -> {}),
                    "@waiaas/cli@1.1.0 is refused by the publisher check \"files\": file");
            assertFalse(Files.exists(tmp.resolve(root + "/versions/1.1.0")), change + ": installed");
        }
    }

    @Test
    void aPackageSignedByAKeyTheImageDoesNotTrustOrNotSignedAtAllIsRefusedBeforeAnythingChanges() throws Exception {
        NpmRegistry.Offline unknown = offline(pack(signedTree("key-2", "1.1.0")), Optional.of(image), "root-a");
        assertRefused(
                () -> unknown.installer().verifyPackage(unknown.releases().release(CLI, V)),
                "publisher check \"unknown-key\": the release is signed by key key-2");
        assertFalse(Files.exists(tmp.resolve("root-a")), "the check left the install root it made behind");

        NpmRegistry.Offline unsigned = offline(pack(tree("1.1.0")), Optional.of(image), "root-b");
        assertRefused(
                () -> unsigned.installer().verifyPackage(unsigned.releases().release(CLI, V)),
                "publisher check \"manifest\": the package has no waiaas-release.json");
    }

    @Test
    void aManifestForAnotherVersionIsRefused() throws Exception {
        Path tree = tree("1.1.0");
        signer("sign", tree.toString(), "key-1", keys.resolve("key-1.key").toString(), "1.2.0", "3", "1");
        NpmRegistry.Offline offline = offline(pack(tree), Optional.of(image), "root");
        assertRefused(
                () -> offline.installer().verifyPackage(offline.releases().release(CLI, V)),
                "publisher check \"version\"");
    }

    @Test
    void aVersionShippingNoKeyListDoesNotCheckThePublisherAndSaysSo() throws Exception {
        NpmRegistry.Offline offline = offline(pack(tree("1.1.0")), Optional.empty(), "root");
        PackageRelease release = offline.releases().release(CLI, V);
        offline.installer().install(release, (received, total) -> {});
        assertEquals("not-checked", offline.installer().verify(release).origin().publisher());
    }

    @Test
    void anUnreadableInstalledKeyListFailsInsteadOfSkippingTheCheck() throws Exception {
        Files.writeString(image.resolve("waiaas-keys.json"), "{not json");
        WaiaasException e = assertThrows(WaiaasException.class, () -> PublisherSignatures.trustedBy(image));
        assertTrue(e.getMessage().contains("publisher key list"), e.getMessage());
        assertEquals(Optional.empty(), PublisherSignatures.trustedBy(tmp));
    }

    @Test
    void readsTheKeyListTheSignerWrites() throws Exception {
        Path list = tmp.resolve("list.json");
        signer(
                "keylist",
                list.toString(),
                "--key",
                "key-1",
                pub("key-1"),
                FAR,
                "--key",
                "key-2",
                pub("key-2"),
                FAR,
                "--endorse",
                "key-1",
                keys.resolve("key-1.key").toString(),
                "--revoke",
                "key-1",
                "2030-01-01T00:00:00Z",
                "key-2",
                keys.resolve("key-2.key").toString());
        PublisherKeys read = PublisherSignatures.trustedBy(tmp.resolve("x")).orElse(PublisherKeys.NONE);
        assertEquals(PublisherKeys.NONE, read);
        Files.createDirectories(tmp.resolve("x"));
        Files.copy(list, tmp.resolve("x/waiaas-keys.json"));
        PublisherKeys keyList = PublisherSignatures.trustedBy(tmp.resolve("x")).orElseThrow();
        PublisherKeys.Key key2 = keyList.key("key-2").orElseThrow();
        assertEquals("key-1", key2.endorsements().getFirst().by());
        assertTrue(PublisherSignatures.ed25519(
                keyList.key("key-1").orElseThrow().publicKey(),
                key2.endorsedText(),
                key2.endorsements().getFirst().signature()));
        assertEquals("key-1", keyList.revocations().getFirst().id());
    }

    @Test
    void readsWhetherTheRegistryListsAProvenanceAttestation() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(
                ReleaseOrigin.Provenance.ATTESTED,
                NpmRegistryVersionSource.provenance(json.readTree("{\"url\": \"https://registry.npmjs.org/-/npm/v1/"
                        + "attestations/@waiaas/cli@1.1.0\", \"provenance\": {\"predicateType\":"
                        + " \"https://slsa.dev/provenance/v1\"}}")));
        assertEquals(
                ReleaseOrigin.Provenance.NONE,
                NpmRegistryVersionSource.provenance(json.readTree("{}").path("x")));
        assertEquals(
                ReleaseOrigin.Provenance.NONE,
                NpmRegistryVersionSource.provenance(json.readTree("{\"provenance\": \"yes\"}")));
    }

    // ---- builders ----

    private NpmRegistry.Offline offline(Path tgz, Optional<Path> runningImage, String root) throws Exception {
        return NpmRegistry.packageFile(
                tgz, CLI, Optional.of(sri(tgz)), false, tmp.resolve(root), runningImage, Map.of(), false);
    }

    private Path tree(String version) throws IOException {
        Path tree = Files.createTempDirectory(tmp, "tree-");
        Files.createDirectories(tree.resolve("bin"));
        Files.writeString(
                tree.resolve("package.json"),
                "{\"name\":\"" + CLI + "\",\"version\":\"" + version + "\",\"bin\":{\"waiaas\":\"bin/waiaas\"},"
                        + "\"waiaas\":{\"schemaVersion\":3,\"minCompatibleSchemaVersion\":1}}\n");
        Files.writeString(tree.resolve("CHANGELOG.md"), "# Changelog\n\n## " + version + "\n\n* signed\n");
        Files.writeString(tree.resolve("bin/waiaas"), "#!/bin/sh\necho " + version + "\n");
        Files.copy(image.resolve("waiaas-keys.json"), tree.resolve("waiaas-keys.json"));
        return tree;
    }

    private Path signedTree(String key, String version) throws Exception {
        Path tree = tree(version);
        signer("sign", tree.toString(), key, keys.resolve(key + ".key").toString(), version, "3", "1");
        return tree;
    }

    private Path pack(Path tree) throws IOException {
        TarballBuilder tar = TarballBuilder.empty().directory("package/");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tree)) {
            files = walk.sorted().toList();
        }
        for (Path file : files) {
            String name = "package/" + tree.relativize(file).toString().replace('\\', '/');
            if (Files.isDirectory(file)) {
                if (!file.equals(tree)) {
                    tar.directory(name + "/");
                }
            } else {
                tar.file(name, Files.readAllBytes(file), name.startsWith("package/bin/") ? 0755 : 0644);
            }
        }
        return Files.write(Files.createTempFile(tmp, "package-", ".tgz"), tar.build());
    }

    private static String pub(String id) {
        return keys.resolve(id + ".pub").toString();
    }

    private static String sri(Path file) throws Exception {
        return "sha512-"
                + Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
    }

    /** Run the release signer (tools/release-signing/ReleaseSigner.java) as the build does, with this JDK. */
    private static void signer(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path",
                domainModule().toString(),
                "--add-modules",
                "io.waiaas.domain",
                "-cp",
                signerClasses.toString(),
                "ReleaseSigner"));
        command.addAll(List.of(args));
        run(command);
    }

    private static Path domainModule() throws Exception {
        return Path.of(PublisherKeys.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + command);
        assertEquals(0, p.exitValue(), out);
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call, String fragment) {
        WaiaasException e = assertThrows(WaiaasException.class, call);
        assertEquals(ErrorCode.REFUSED, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
