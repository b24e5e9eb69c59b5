package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.testkit.TarballBuilder;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A release package copied onto the machine ({@code upgrade --from}): described, verified and installed from the file. */
class PackageFileVersionSourceTest {
    private static final String CLI = "@waiaas/cli";
    private static final Version V = Version.parse("1.1.0");

    @TempDir
    Path tmp;

    private Path write(String name, String version) throws Exception {
        byte[] tgz = TarballBuilder.empty()
                .directory("package/")
                .file(
                        "package/package.json",
                        "{\"name\":\"" + name + "\",\"version\":\"" + version
                                + "\",\"bin\":{\"waiaas\":\"bin/waiaas\"},"
                                + "\"waiaas\":{\"schemaVersion\":3,\"minCompatibleSchemaVersion\":1}}\n",
                        0644)
                .file(
                        "package/CHANGELOG.md",
                        "# Changelog\n\n## 1.1.0 (2026-12-01)\n\n### Features\n\n* offline\n\n## 1.0.1\n\n* a fix\n",
                        0644)
                .directory("package/bin/")
                .file("package/bin/waiaas", "#!/bin/sh\necho " + version + "\n", 0755)
                .file("package/bin/java", "#!/bin/sh\nexit 0\n", 0755)
                .build();
        return Files.write(tmp.resolve(name.replace('/', '-') + "-" + version + ".tgz"), tgz);
    }

    private static String sri(Path file) throws Exception {
        return "sha512-"
                + Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
    }

    private PackageFileVersionSource file(Path tgz, Optional<String> integrity, boolean allowUnverified) {
        return new PackageFileVersionSource(tgz, CLI, integrity, allowUnverified, NpmRegistry.InstallLimits.DEFAULT);
    }

    @Test
    void describesItsOneReleaseFromItsOwnPackageJsonAndChangelog() throws Exception {
        Path tgz = write(CLI, "1.1.0");
        PackageFileVersionSource file = file(tgz, Optional.of(sri(tgz)), false);

        assertEquals(V, file.distTag(CLI, "latest"));
        assertEquals(List.of(V), file.versions(CLI));
        PackageRelease release = file.release(CLI, V);
        assertEquals(Optional.of(ReleaseSchema.of(3, 1)), release.schema());
        assertEquals(
                List.of("1.1.0", "1.0.1"),
                release.notes().stream().map(n -> n.version().toString()).toList());
        assertEquals(
                List.of("offline"),
                release.notes().getFirst().sections().getFirst().items());
        WaiaasException other = assertThrows(WaiaasException.class, () -> file.release(CLI, Version.parse("1.2.0")));
        assertTrue(other.getMessage().contains("holds @waiaas/cli@1.1.0, not 1.2.0"), other.getMessage());
    }

    @Test
    void isTrustedOnlyByTheDigestTheOperatorGivesOrByTheirSayingSo() throws Exception {
        Path tgz = write(CLI, "1.1.0");
        PackageRelease release = file(tgz, Optional.empty(), true).release(CLI, V);

        assertInstanceOf(
                Verification.Digest.class,
                file(tgz, Optional.of(sri(tgz)), false).verify(release));
        assertInstanceOf(
                Verification.Unverified.class, file(tgz, Optional.empty(), true).verify(release));
        assertRefused(() -> file(tgz, Optional.empty(), false).verify(release), "give its digest with --integrity");
        Path other = write(CLI, "1.0.9");
        assertRefused(() -> file(tgz, Optional.of(sri(other)), false).verify(release), "does not match --integrity");
        assertRefused(() -> file(tgz, Optional.of("sha1-abc"), false).verify(release), "is not a sha512 digest");
    }

    @Test
    void aPackageOfAnotherNameOrNoPackageAtAllIsRefused() throws Exception {
        Path foreign = write("@evil/cli", "1.1.0");
        assertRefused(() -> file(foreign, Optional.empty(), true).distTag(CLI, "latest"), "not a release of " + CLI);
        Path garbage = Files.writeString(tmp.resolve("garbage.tgz"), "not gzip");
        assertRefused(() -> file(garbage, Optional.empty(), true).distTag(CLI, "latest"), "not valid gzip");
    }

    @Test
    void installsSideBySideFromTheFileAndRefusesAFileChangedAfterItsCheck() throws Exception {
        Path tgz = write(CLI, "1.1.0");
        Path root = tmp.resolve("root");
        NpmRegistry.Offline offline = NpmRegistry.packageFile(
                tgz, CLI, Optional.of(sri(tgz)), false, root, Optional.empty(), Map.of(), false);
        PackageRelease release = offline.releases().release(CLI, V);
        assertInstanceOf(Verification.Digest.class, offline.installer().verify(release));

        InstalledVersion installed = offline.installer().install(release, (received, total) -> {});
        assertEquals(V, installed.version());
        assertTrue(Files.isExecutable(Path.of(installed.home()).resolve("bin/waiaas")));

        Path changed = write(CLI, "1.1.0");
        NpmRegistry.Offline swapped = NpmRegistry.packageFile(
                changed,
                CLI,
                Optional.of(sri(changed)),
                false,
                tmp.resolve("root2"),
                Optional.empty(),
                Map.of(),
                false);
        PackageRelease checked = swapped.releases().release(CLI, V);
        swapped.installer().verify(checked);
        Files.write(changed, Files.readAllBytes(write(CLI, "1.0.9")));
        assertRefused(() -> swapped.installer().install(checked, (received, total) -> {}), "does not match");
        assertFalse(Files.exists(tmp.resolve("root2/versions/1.1.0")), "nothing installed");
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call, String fragment) {
        WaiaasException e = assertThrows(WaiaasException.class, call);
        assertEquals(ErrorCode.REFUSED, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
