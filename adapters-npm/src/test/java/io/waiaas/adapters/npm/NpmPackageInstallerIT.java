package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PackageInstallerContract;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.ReliabilityLedger;
import io.waiaas.application.testkit.TarballBuilder;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real installer against a loopback registry serving real (small, synthetic) tarballs: the port contract, then
 * every hostile case of UPGR-B1 with a look at the disk afterwards.
 */
@Timeout(60)
class NpmPackageInstallerIT implements PackageInstallerContract {
    /** Small caps so that bombs and oversized tarballs are cheap to build. */
    private static final NpmRegistry.InstallLimits LIMITS = new NpmRegistry.InstallLimits(
            Duration.ofSeconds(5),
            Duration.ofSeconds(20),
            Duration.ofSeconds(1),
            8L * 1024 * 1024,
            4L * 1024 * 1024,
            500);

    @TempDir
    Path tmp;

    private final List<LoopbackRegistry> registries = new ArrayList<>();

    @AfterEach
    void stopRegistries() {
        registries.forEach(LoopbackRegistry::close);
    }

    /** Whatever a test did, refused or not: no staging or trash folder is left in any install root. */
    @AfterEach
    void leavesNoStagingBehind() throws IOException {
        try (Stream<Path> paths = Files.walk(tmp, 2)) {
            List<Path> leftovers = paths.filter(p -> p.getFileName().toString().startsWith(InstallRoot.STAGING)
                            || p.getFileName().toString().startsWith(InstallRoot.TRASH))
                    .toList();
            assertEquals(List.of(), leftovers);
        }
    }

    private LoopbackRegistry serve(PublishedPackages published) {
        LoopbackRegistry registry = LoopbackRegistry.serve(published);
        registries.add(registry);
        return registry;
    }

    @Override
    public Subject newSubject(PublishedPackages published) {
        LoopbackRegistry registry = serve(published);
        PackageInstaller installer = NpmRegistry.packageInstaller(
                registry.uri(),
                tmp.resolve("root"),
                Optional.of(fakeImage(tmp.resolve("image"), RUNNING.toString())),
                Map.of(),
                LIMITS);
        VersionSource source = NpmRegistry.versionSource(registry.uri());
        return new Subject() {
            @Override
            public VersionSource source() {
                return source;
            }

            @Override
            public PackageInstaller installer() {
                return installer;
            }
        };
    }

    /** Make a runtime image folder that is not an npm package: bin/waiaas printing {@code version}, a symlink. */
    private static Path fakeImage(Path dir, String version) {
        try {
            Files.createDirectories(dir.resolve("bin"));
            Files.createDirectories(dir.resolve("legal/java.base"));
            Files.writeString(dir.resolve("bin/waiaas"), "#!/bin/sh\necho " + version + "\n");
            Files.setPosixFilePermissions(dir.resolve("bin/waiaas"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(dir.resolve("legal/java.base/LICENSE"), "license\n");
            Files.createDirectories(dir.resolve("legal/java.sql"));
            Files.createSymbolicLink(dir.resolve("legal/java.sql/LICENSE"), Path.of("../java.base/LICENSE"));
            return dir;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- a root with 1.0.0 current, and 1.1.0 to install ----

    private final class Fixture {
        final PublishedPackages published = PackageInstallerContract.releases("1.0.0");
        final LoopbackRegistry registry = serve(published);
        final Path root;
        final PackageInstaller installer;
        final VersionSource source = NpmRegistry.versionSource(registry.uri());

        Fixture() {
            this("root");
        }

        Fixture(String rootName) {
            this(rootName, LIMITS);
        }

        Fixture(String rootName, NpmRegistry.InstallLimits limits) {
            root = tmp.resolve(rootName);
            installer = NpmRegistry.packageInstaller(registry.uri(), root, Optional.empty(), Map.of(), limits);
            installer.install(source.release(CLI, Version.parse("1.0.0")), DownloadProgress.NONE);
            installer.activate(Version.parse("1.0.0"));
        }

        /** Publish {@code tgz} as 1.1.0 and return its release as the registry describes it. */
        PackageRelease publish(byte[] tgz) {
            published.tarball(CLI, "1.1.0", tgz);
            return source.release(CLI, Version.parse("1.1.0"));
        }

        InstalledVersion install(PackageRelease release) {
            return installer.install(release, DownloadProgress.NONE);
        }

        /** Assert that installing {@code release} is refused with {@code code}, and the root is as it was. */
        WaiaasException assertFailsLeavingRootAlone(ErrorCode code, PackageRelease release, String... mentions)
                throws IOException {
            return assertFailsLeavingRootAlone(code, () -> install(release), mentions);
        }

        WaiaasException assertFailsLeavingRootAlone(ErrorCode code, Executable call, String... mentions)
                throws IOException {
            List<String> before = snapshot(root);
            WaiaasException e = assertThrows(WaiaasException.class, call);
            ReliabilityLedger.hostileInputOfCallingTest(String.join(", ", mentions));
            System.out.println("refused: " + e.getMessage());
            assertEquals(code, e.code(), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            for (String m : mentions) {
                assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention '" + m + "'");
            }
            assertEquals(before, snapshot(root), "the install root changed");
            assertEquals(Path.of("versions/1.0.0"), Files.readSymbolicLink(root.resolve("current")));
            assertEquals(
                    List.of(Version.parse("1.0.0")),
                    installer.installed().stream()
                            .map(InstalledVersion::version)
                            .toList());
            return e;
        }
    }

    /** List every path below {@code root} (lock file aside), with link targets, sorted. */
    private static List<String> snapshot(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> !p.getFileName().toString().equals(InstallRoot.LOCK))
                    .map(p -> {
                        String name = root.relativize(p).toString();
                        try {
                            return Files.isSymbolicLink(p) ? name + " -> " + Files.readSymbolicLink(p) : name;
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    })
                    .sorted()
                    .toList();
        }
    }

    private static TarballBuilder release110() {
        return TarballBuilder.npmPackage(CLI, "1.1.0");
    }

    private static String run(Path executable) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    // ---- what a good install leaves on disk ----

    @Test
    void unpacksIntoVersionsKeepingExecutableBitsAndDroppingTheRest() throws Exception {
        Fixture f = new Fixture();
        InstalledVersion installed = f.install(f.publish(release110()
                .file("package/lib/jspawnhelper", "helper", 04755)
                .file("package/conf/secret", "private", 0600)
                .file("package/" + "deep/".repeat(30) + "file", "long path in a pax header", 0644)
                .build()));

        Path home = f.root.resolve("versions/1.1.0");
        assertEquals(home.toString(), installed.home());
        assertEquals("1.1.0\n", run(Path.of(installed.launcher())));
        assertEquals("rwxr-xr-x", perms(home.resolve("bin/java")));
        assertEquals("rwxr-xr-x", perms(home.resolve("lib/jspawnhelper")), "setuid dropped, exec kept");
        assertEquals("rw-r--r--", perms(home.resolve("conf/secret")));
        assertTrue(Files.exists(home.resolve("deep/".repeat(30) + "file")));
        assertEquals(Path.of("versions/1.0.0"), Files.readSymbolicLink(f.root.resolve("current")), "not activated");
        assertEquals(List.of("bin", "current", "versions"), topLevel(f.root));
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> topLevel(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(InstallRoot.LOCK))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void keepsSymlinksThatStayInsideThePackageAndHardLinksToEarlierFiles() throws Exception {
        Fixture f = new Fixture();
        f.install(f.publish(release110()
                .file("package/legal/java.base/LICENSE", "license", 0644)
                .symlink("package/legal/java.sql/LICENSE", "../java.base/LICENSE")
                .hardlink("package/bin/java2", "package/bin/java")
                .build()));

        Path home = f.root.resolve("versions/1.1.0");
        assertEquals("license", Files.readString(home.resolve("legal/java.sql/LICENSE")));
        assertTrue(Files.isSymbolicLink(home.resolve("legal/java.sql/LICENSE")));
        assertTrue(Files.isSameFile(home.resolve("bin/java"), home.resolve("bin/java2")));
    }

    @Test
    void switchesCurrentWithOneRenameAndPointsBinAtIt() throws Exception {
        Fixture f = new Fixture();
        f.install(f.publish(release110().build()));

        f.installer.activate(Version.parse("1.1.0"));

        assertEquals(Path.of("versions/1.1.0"), Files.readSymbolicLink(f.root.resolve("current")));
        assertEquals(Path.of("../current/bin/waiaas"), Files.readSymbolicLink(f.root.resolve("bin/waiaas")));
        assertEquals("1.1.0\n", run(f.root.resolve("bin/waiaas")));
        assertTrue(Files.isDirectory(f.root.resolve("versions/1.0.0")), "the previous version stays");
        assertFalse(Files.exists(f.root.resolve("current.tmp"), LinkOption.NOFOLLOW_LINKS));
        f.installer.activate(Version.parse("1.0.0"));
        assertEquals("1.0.0\n", run(f.root.resolve("bin/waiaas")));
    }

    @Test
    void prunesFromDiskButNeverTheVersionThisProcessRunsFrom() throws Exception {
        Fixture f = new Fixture();
        f.published
                .tarball(CLI, "1.1.0", release110().build())
                .tarball(CLI, "1.2.0", TarballBuilder.npmPackage(CLI, "1.2.0").build());
        f.install(f.source.release(CLI, Version.parse("1.1.0")));
        f.install(f.source.release(CLI, Version.parse("1.2.0")));
        f.installer.activate(Version.parse("1.2.0"));
        PackageInstaller runningFromOld = NpmRegistry.packageInstaller(
                f.registry.uri(), f.root, Optional.of(f.root.resolve("versions/1.0.0")), Map.of(), LIMITS);

        assertEquals(List.of(Version.parse("1.1.0")), runningFromOld.prune(0));

        assertEquals(List.of("1.0.0", "1.2.0"), topLevel(f.root.resolve("versions")));
        assertEquals(List.of("bin", "current", "versions"), topLevel(f.root));
    }

    @Test
    void adoptsTheRunningImageWithItsModesAndLinks() throws Exception {
        Fixture f = new Fixture();
        Path image = fakeImage(tmp.resolve("unpacked"), "0.9.0");
        Path other = tmp.resolve("other-root");
        PackageInstaller installer =
                NpmRegistry.packageInstaller(f.registry.uri(), other, Optional.of(image), Map.of(), LIMITS);

        InstalledVersion adopted = installer.adopt(Version.parse("0.9.0"));

        assertEquals(other.resolve("versions/0.9.0").toString(), adopted.home());
        assertEquals("0.9.0\n", run(other.resolve("bin/waiaas")));
        assertEquals(
                Path.of("../java.base/LICENSE"),
                Files.readSymbolicLink(other.resolve("versions/0.9.0/legal/java.sql/LICENSE")));
        assertTrue(Files.exists(image.resolve("bin/waiaas")), "the running image is copied, not moved");
    }

    @Test
    void removesWhatAKilledInstallLeftBehind() throws Exception {
        Fixture f = new Fixture();
        Files.createDirectories(f.root.resolve(".staging-1.1.0/package/bin"));
        Files.createDirectories(f.root.resolve(".trash-0.5.0/bin"));

        f.install(f.publish(release110().build()));

        assertEquals(List.of("bin", "current", "versions"), topLevel(f.root));
    }

    @Test
    void refusesToRunTwoInstallsAtOnce() throws Exception {
        Fixture f = new Fixture();
        PackageRelease release = f.publish(release110().build());
        try (FileChannel channel = FileChannel.open(f.root.resolve(InstallRoot.LOCK), StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            f.assertFailsLeavingRootAlone(ErrorCode.FAILED, release, "another waiaas install");
        }
    }

    @Test
    void followsARedirectWithinTheRegistrysHost() throws Exception {
        Fixture f = new Fixture();
        byte[] tgz = release110().build();
        PackageRelease release = f.publish(tgz);
        f.registry
                .putFile("/mirror/cli-1.1.0.tgz", tgz, "application/octet-stream")
                .override(
                        LoopbackRegistry.tarballPath(CLI, "1.1.0"),
                        LoopbackRegistry.redirect(302, "/mirror/cli-1.1.0.tgz"));

        assertEquals(Version.parse("1.1.0"), f.install(release).version());
    }

    @Test
    void verifiesWithTheRegistrysKeysAloneWithoutFetchingTheTarball() throws Exception {
        Fixture f = new Fixture();
        PackageRelease release = f.publish(release110().build());
        f.registry.resetCounters();

        f.installer.verify(release);

        assertEquals(
                List.of(LoopbackRegistry.KEYS_PATH),
                f.registry.requests().stream()
                        .map(LoopbackRegistry.Request::rawPath)
                        .toList());
    }

    @Test
    void anUnsignedReleaseIsRefusedWhereSignaturesAreRequiredAndAcceptedOtherwise() throws Exception {
        try (LoopbackRegistry registry = LoopbackRegistry.serve(new PublishedPackages()
                .tarball(CLI, "1.1.0", release110().build())
                .tag(CLI, "latest", "1.1.0"))) {
            NpmRegistry.Access access = NpmRegistry.access(
                    Optional.of(registry.uri()), CLI, Map.of(), tmp, Optional.empty(), Optional.empty());
            PackageRelease release = NpmRegistry.versionSource(access).release(CLI, Version.parse("1.1.0"));

            assertEquals(
                    new Verification.Unsigned(new ReleaseOrigin(Optional.empty(), ReleaseOrigin.Provenance.NONE)),
                    NpmRegistry.packageInstaller(access, tmp.resolve("a"), Optional.empty(), Map.of())
                            .verify(release));
            PackageInstaller strict = NpmRegistry.packageInstaller(
                    access.requiringSignatures(true), tmp.resolve("b"), Optional.empty(), Map.of());
            NpmRegistryException e =
                    assertThrows(NpmRegistryException.class, () -> strict.install(release, (r, t) -> {}));
            assertEquals(ErrorCode.REFUSED, e.code());
            assertEquals(
                    "@waiaas/cli@1.1.0 is not signed: the registry " + registry.uri()
                            + " publishes no signing keys, and" + " [update] require_signatures is true, refused",
                    e.getMessage());
            assertFalse(Files.exists(tmp.resolve("b/versions")), "something was installed");
        }
    }

    // ---- refused: the supply chain (UPGR-B1) ----

    @Test
    void refusesBytesThatDoNotMatchTheIntegrity() throws Exception {
        Fixture f = new Fixture();
        PackageRelease release = f.publish(release110().build());
        f.published.serveInstead(
                CLI,
                "1.1.0",
                release110().file("package/backdoor", "evil", 0755).build());

        f.assertFailsLeavingRootAlone(ErrorCode.REFUSED, release, "does not match its integrity");
    }

    @Test
    void refusesATarballOnAnotherHostBeforeAskingForIt() throws Exception {
        for (String host : List.of("localhost", "127.0.0.2")) {
            Fixture f = new Fixture("root-" + host);
            f.publish(release110().build());
            String path = LoopbackRegistry.tarballPath(CLI, "1.1.0");
            f.published.tarballUrl(CLI, "1.1.0", "http://" + host + ":" + f.registry.port() + path);
            PackageRelease release = f.source.release(CLI, Version.parse("1.1.0"));
            f.registry.resetCounters();

            f.assertFailsLeavingRootAlone(ErrorCode.REFUSED, release, "another host", host);

            assertEquals(0, f.registry.requestsTo(path), "no request for the tarball");
        }
    }

    @Test
    void refusesATarballLargerThanTheCapWhileStreaming() throws Exception {
        Fixture f = new Fixture();
        byte[] random = new byte[(int) LIMITS.maxTarballBytes() + 1024 * 1024];
        new Random(42).nextBytes(random);
        PackageRelease release =
                f.publish(release110().file("package/noise", random, 0644).build());

        f.assertFailsLeavingRootAlone(ErrorCode.FAILED, release, "larger than");
    }

    /** The transfer limits of the hostile-transfer table: a download deadline of 3 s, a stall timeout of 1 s. */
    private static final NpmRegistry.InstallLimits TRANSFER_LIMITS = new NpmRegistry.InstallLimits(
            LIMITS.requestTimeout(),
            Duration.ofSeconds(3),
            LIMITS.stallTimeout(),
            LIMITS.maxTarballBytes(),
            LIMITS.maxUnpackedBytes(),
            LIMITS.maxEntries());

    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;

    /** How a hostile registry answers the tarball request, given the registry (for its port). */
    @FunctionalInterface
    interface HostileTransfer {
        LoopbackRegistry.Responder responder(LoopbackRegistry registry);
    }

    /** Registries that misbehave while the tarball is due, with the exit kind and the cause each must name. */
    static Stream<Arguments> hostileTransfers() {
        String cap = "larger than the " + LIMITS.maxTarballBytes() + "-byte cap";
        return Stream.of(
                Arguments.of(
                        "2 GiB body with its Content-Length",
                        (HostileTransfer) r -> LoopbackRegistry.hugeBody(TWO_GIB, true),
                        ErrorCode.FAILED,
                        cap),
                Arguments.of(
                        "2 GiB chunked body",
                        (HostileTransfer) r -> LoopbackRegistry.hugeBody(TWO_GIB, false),
                        ErrorCode.FAILED,
                        cap),
                // One byte every 100 ms for 60 s: never silent for the 1 s stall timeout, so only the deadline ends it.
                Arguments.of(
                        "60 s slow drip",
                        (HostileTransfer)
                                r -> LoopbackRegistry.dripBody(Duration.ofMillis(100), Duration.ofSeconds(60)),
                        ErrorCode.FAILED,
                        "did not deliver the tarball within 3 s"),
                Arguments.of(
                        "silence before the headers",
                        (HostileTransfer) r -> LoopbackRegistry.stallBeforeHeaders(Duration.ofSeconds(60)),
                        ErrorCode.FAILED,
                        "sent nothing for 1 s"),
                Arguments.of(
                        "HTTP 500", (HostileTransfer) r -> LoopbackRegistry.status(500), ErrorCode.FAILED, "HTTP 500"),
                Arguments.of(
                        "a transfer encoding over the tarball",
                        (HostileTransfer) r -> exchange -> {
                            exchange.getResponseHeaders().add("Content-Encoding", "br");
                            exchange.sendResponseHeaders(200, 4);
                            try (OutputStream out = exchange.getResponseBody()) {
                                out.write(new byte[4]);
                            }
                        },
                        ErrorCode.FAILED,
                        "unsupported Content-Encoding 'br'"),
                Arguments.of(
                        "a redirect to another host",
                        (HostileTransfer)
                                r -> LoopbackRegistry.redirect(302, "http://localhost:" + r.port() + "/elsewhere.tgz"),
                        ErrorCode.REFUSED,
                        "redirected to another host"),
                // The tarball's own URL may not name another port of the registry's host; nor may a redirect.
                Arguments.of(
                        "a redirect to another port",
                        (HostileTransfer) r -> LoopbackRegistry.redirect(
                                302,
                                "http://127.0.0.1:"
                                        + LoopbackRegistry.closedPortUri().getPort() + "/elsewhere.tgz"),
                        ErrorCode.REFUSED,
                        "redirected the tarball off its origin"),
                Arguments.of(
                        "a redirect to another scheme",
                        (HostileTransfer)
                                r -> LoopbackRegistry.redirect(302, "ftp://127.0.0.1:" + r.port() + "/elsewhere.tgz"),
                        ErrorCode.REFUSED,
                        "redirected from http to ftp"),
                Arguments.of(
                        "a redirect loop",
                        (HostileTransfer)
                                r -> LoopbackRegistry.redirect(302, LoopbackRegistry.tarballPath(CLI, "1.1.0")),
                        ErrorCode.FAILED,
                        "redirected more than 5 times"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTransfers")
    void refusesAHostileTransferLeavingTheRootAlone(String name, HostileTransfer transfer, ErrorCode code, String cause)
            throws Exception {
        Fixture f = new Fixture("root", TRANSFER_LIMITS);
        PackageRelease release = f.publish(release110().build());
        f.registry.override(LoopbackRegistry.tarballPath(CLI, "1.1.0"), transfer.responder(f.registry));
        f.registry.resetCounters();

        f.assertFailsLeavingRootAlone(code, release, cause);

        assertEquals(0, f.registry.requestsTo("/elsewhere.tgz"), "a redirect elsewhere was followed");
        // Cut off, not read to the end: whatever the registry meant to send, little of it was taken.
        assertTrue(
                f.registry.responseBytes() < 4 * LIMITS.maxTarballBytes(),
                "the registry sent " + f.registry.responseBytes() + " bytes");
    }

    @Test
    void failsWhenTheRegistrysKeysCannotBeRead() throws Exception {
        Fixture f = new Fixture();
        PackageRelease release = f.publish(release110().build());
        f.registry.override(LoopbackRegistry.KEYS_PATH, LoopbackRegistry.status(500));

        f.assertFailsLeavingRootAlone(ErrorCode.FAILED, release, "HTTP 500", "signing keys");
    }

    /** Signing-key documents a hostile registry may serve, with the cause each failure must name. */
    static Stream<Arguments> hostileKeys() {
        return Stream.of(
                Arguments.of("not JSON", "<html>captive portal</html>", "signing keys that are not JSON"),
                Arguments.of("keys as an object", "{\"keys\":{\"keyid\":\"k\"}}", "without a keys list"),
                Arguments.of("no keys field", "{\"signing\":[]}", "without a keys list"),
                Arguments.of("a keyid that is a number", "{\"keys\":[{\"keyid\":7}]}", "without a keyid"),
                Arguments.of(
                        "an expiry that is not a time",
                        "{\"keys\":[{\"keyid\":\"k\",\"expires\":\"soon\"}]}",
                        "invalid expiry for signing key k"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileKeys")
    void failsOnSigningKeysOfTheWrongShapeLeavingTheRootAlone(String name, String keys, String cause) throws Exception {
        Fixture f = new Fixture();
        PackageRelease release = f.publish(release110().build());
        f.registry.override(LoopbackRegistry.KEYS_PATH, LoopbackRegistry.body("application/json", keys));

        f.assertFailsLeavingRootAlone(ErrorCode.FAILED, release, cause);
    }

    // ---- refused: the archive ----

    @Test
    void refusesAnAbsolutePath() throws Exception {
        Fixture f = new Fixture();
        Path outside = tmp.resolve("absolute-escape");
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110().file(outside.toString(), "evil", 0644).build()),
                "absolute path");
        assertFalse(Files.exists(outside));
    }

    @Test
    void refusesADotDotSegment() throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110()
                        .file("package/../../../dotdot-escape", "evil", 0644)
                        .build()),
                "'..'");
        assertFalse(Files.exists(tmp.resolve("dotdot-escape")));
    }

    @Test
    void refusesAnEntryOutsideThePackageFolder() throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110().file("other/x", "x", 0644).build()),
                "outside the package/ folder");
    }

    @Test
    void refusesASymlinkPointingOutside() throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110().symlink("package/etc", "../../../../etc").build()),
                "symlink",
                "outside");
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110().symlink("package/etc", "/etc").build()),
                "symlink",
                "outside");
    }

    @Test
    void refusesASymlinkThatEscapesThroughAnotherSymlink() throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110()
                        .directory("package/c/")
                        .directory("package/a/b/")
                        .symlink("package/a/b/l", "../../c")
                        .symlink("package/m", "a/b/l/../..")
                        .build()),
                "symlink 'package/m'",
                "resolves outside");
    }

    @Test
    void refusesToWriteThroughASymlink() throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110()
                        .directory("package/real/")
                        .symlink("package/link", "real")
                        .file("package/link/file", "through the link", 0644)
                        .build()),
                "through the symlink");
    }

    @Test
    void refusesAHardLinkPointingOutside() throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110().hardlink("package/passwd", "/etc/passwd").build()),
                "hard link",
                "outside");
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110()
                        .hardlink("package/passwd", "package/../../etc/passwd")
                        .build()),
                "hard link",
                "outside");
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110()
                        .hardlink("package/later", "package/not-yet")
                        .build()),
                "hard link");
    }

    @Test
    void refusesDevicesAndFifos() throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110().characterDevice("package/null").build()),
                "device file");
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110().blockDevice("package/sda").build()),
                "device file");
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED, f.publish(release110().fifo("package/pipe").build()), "FIFO");
    }

    /** Archives that try the reader's corners, with the cause each refusal must name. */
    static Stream<Arguments> hostileArchives() {
        return Stream.of(
                Arguments.of(
                        "a long (pax) path with '..'",
                        release110().file("package/" + "d/".repeat(60) + "../".repeat(70) + "pax-escape", "evil", 0644),
                        "'..' segment"),
                Arguments.of(
                        "a long (pax) symlink target outside",
                        release110().symlink("package/l", "../".repeat(40) + "etc"),
                        "outside the package"),
                Arguments.of(
                        "a symlink replacing the package folder",
                        release110().symlink("package", "bin"),
                        "replaces the package folder with a link"),
                Arguments.of(
                        "a hard link to a directory",
                        release110().directory("package/d/").hardlink("package/h", "package/d"),
                        "not a file unpacked before it"),
                Arguments.of(
                        "a hard link to a symlink",
                        release110().symlink("package/s", "bin/waiaas").hardlink("package/h", "package/s"),
                        "not a file unpacked before it"),
                Arguments.of(
                        "a directory over a file",
                        release110().file("package/x", "x", 0644).directory("package/x/"),
                        "turns an earlier entry into a directory"),
                Arguments.of(
                        "a file below a file",
                        release110().file("package/f", "f", 0644).file("package/f/g", "g", 0644),
                        "below the file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void refusesAHostileArchiveLeavingTheRootAlone(String name, TarballBuilder archive, String cause) throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(ErrorCode.REFUSED, f.publish(archive.build()), cause);
    }

    @Test
    void refusesADecompressionBomb() throws Exception {
        Fixture f = new Fixture();
        byte[] bomb = release110().zeros("package/zeros", 64L * 1024 * 1024).build();
        assertTrue(bomb.length < 200 * 1024, "64 MiB of zeros compress to " + bomb.length + " bytes");

        f.assertFailsLeavingRootAlone(ErrorCode.REFUSED, f.publish(bomb), "decompression bomb");
    }

    @Test
    void refusesTooManyEntries() throws Exception {
        Fixture f = new Fixture();
        TarballBuilder many = release110();
        for (int i = 0; i < LIMITS.maxEntries(); i++) {
            many.file("package/many/" + i, "", 0644);
        }
        f.assertFailsLeavingRootAlone(ErrorCode.REFUSED, f.publish(many.build()), "more than 500 entries");
    }

    @Test
    void refusesATruncatedOrCorruptTarball() throws Exception {
        Fixture f = new Fixture();
        byte[] whole =
                release110().file("package/data", new byte[100_000], 0644).build();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED, f.publish(Arrays.copyOf(whole, whole.length / 2)), "truncated");
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish("this is not gzip at all".getBytes(StandardCharsets.UTF_8)),
                "not valid gzip");
        byte[] tar = release110().buildTar();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED, f.publish(gzip(Arrays.copyOf(tar, tar.length - 1024))), "end-of-archive");
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void refusesADuplicateEntry() throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(release110()
                        .file("package/bin/waiaas", "#!/bin/sh\necho evil\n", 0755)
                        .build()),
                "appears twice");
    }

    @Test
    void refusesATarballOfAnotherPackageOrWithoutALauncher() throws Exception {
        Fixture f = new Fixture();
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(TarballBuilder.npmPackage("@evil/cli", "1.1.0").build()),
                "package.json names");
        f.assertFailsLeavingRootAlone(
                ErrorCode.REFUSED,
                f.publish(TarballBuilder.empty()
                        .file("package/package.json", "{\"name\":\"@waiaas/cli\",\"version\":\"1.1.0\"}", 0644)
                        .build()),
                "bin/waiaas");
    }

    // ---- install method ----

    @Test
    void installsSideBySideWhenTheImageIsNotInAnNpmGlobalInstall() throws Exception {
        Path local = tmp.resolve("project/node_modules/@waiaas/cli");
        fakeImage(local, "1.0.0");
        Files.writeString(local.resolve("package.json"), "{\"name\":\"@waiaas/cli\",\"version\":\"1.0.0\"}");

        PackageInstaller installer = NpmRegistry.packageInstaller(
                LoopbackRegistry.closedPortUri(), tmp.resolve("root"), Optional.of(local), Map.of(), LIMITS);

        assertTrue(
                installer.manualSteps(Version.parse("1.0.0")).getFirst().contains("waiaas upgrade --to 1.0.0"),
                "a side-by-side installer, which has not installed 1.0.0 yet");
        assertFalse(installer.canRestore(Version.parse("1.0.0")));
    }

    @Test
    void detectsAnNpmGlobalInstallAndNeedsNpmOnThePath() throws Exception {
        Fixture f = new Fixture();
        Path global = tmp.resolve("prefix/lib/node_modules/@waiaas/cli");
        fakeImage(global, "1.0.0");
        Files.writeString(global.resolve("package.json"), "{\"name\":\"@waiaas/cli\",\"version\":\"1.0.0\"}");
        Path linkToImage = Files.createSymbolicLink(tmp.resolve("image-link"), global);

        PackageInstaller installer = NpmRegistry.packageInstaller(
                f.registry.uri(),
                tmp.resolve("unused"),
                Optional.of(linkToImage),
                Map.of("PATH", tmp.resolve("empty").toString()),
                LIMITS);

        assertTrue(
                installer.manualSteps(Version.parse("0.9.0")).getFirst().contains("npm install -g"),
                installer.manualSteps(Version.parse("0.9.0")).toString());
        assertEquals(Version.parse("1.0.0"), installer.current().orElseThrow().version());
        assertEquals(
                global.toRealPath().toString(),
                installer.current().orElseThrow().home());
        assertEquals(List.of(), installer.prune(0));
        WaiaasException e = assertThrows(
                WaiaasException.class,
                () -> installer.install(f.publish(release110().build()), DownloadProgress.NONE));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().contains("npm is not on PATH"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("unused")));
    }

    @Test
    void upgradesAnNpmGlobalInstallWithRealNpm() throws Exception {
        Optional<Path> npm = onPath("npm");
        assumeTrue(npm.isPresent(), "npm is not installed");
        PublishedPackages published = PackageInstallerContract.releases("1.0.0", "1.1.0");
        LoopbackRegistry registry = serve(published);
        Path prefix = tmp.resolve("prefix");
        Map<String, String> env = npmEnvironment();
        npmInstall(npm.get(), env, prefix, registry, "1.0.0");
        assertEquals("1.0.0\n", run(prefix.resolve("bin/waiaas")));

        Path installRoot = tmp.resolve("root");
        PackageInstaller installer = NpmRegistry.packageInstaller(
                registry.uri(), installRoot, Optional.of(prefix.resolve("lib/node_modules/@waiaas/cli")), env, LIMITS);
        assertEquals(Optional.empty(), installer.holdForRestore(Version.parse("1.0.0")), "kept before the upgrade");
        Path kept = installRoot.resolve("kept/waiaas-cli-1.0.0.tgz");
        assertTrue(Files.isRegularFile(kept), "the package of 1.0.0 is kept");
        InstalledVersion installed = installer.install(
                NpmRegistry.versionSource(registry.uri()).release(CLI, Version.parse("1.1.0")), DownloadProgress.NONE);

        assertEquals(Version.parse("1.1.0"), installed.version());
        assertEquals("1.1.0\n", run(prefix.resolve("bin/waiaas")));
        assertEquals("rwxr-xr-x", perms(prefix.resolve("lib/node_modules/@waiaas/cli/bin/java")));
        installer.activate(Version.parse("1.1.0"));

        // The registry is gone: the way back must not need it.
        registries.remove(registry);
        registry.close();
        assertTrue(installer.canRestore(Version.parse("1.0.0")));
        assertEquals(Optional.empty(), installer.holdForRestore(Version.parse("1.0.0")));
        assertTrue(installer.manualSteps(Version.parse("1.0.0")).getFirst().contains("--offline " + kept));
        installer.restore(Version.parse("1.0.0"));
        assertEquals("1.0.0\n", run(prefix.resolve("bin/waiaas")), "npm installed the kept 1.0.0 offline");
        assertEquals(Version.parse("1.0.0"), installer.current().orElseThrow().version());
        Optional<String> unreachable = installer.holdForRestore(Version.parse("1.1.0"));
        assertTrue(unreachable.orElseThrow().contains("1.1.0"), unreachable.toString());
        assertFalse(Files.exists(installRoot.resolve("kept/waiaas-cli-1.1.0.tgz")));
        try (var files = Files.list(installRoot.resolve("kept"))) {
            assertEquals(List.of(kept), files.toList(), "no partial download is left");
        }
    }

    private Map<String, String> npmEnvironment() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        return Map.of(
                "PATH",
                System.getenv("PATH"),
                "HOME",
                home.toString(),
                "npm_config_cache",
                tmp.resolve("npm-cache").toString(),
                "npm_config_userconfig",
                home.resolve(".npmrc").toString());
    }

    private static void npmInstall(
            Path npm, Map<String, String> env, Path prefix, LoopbackRegistry registry, String version)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        npm.toString(),
                        "install",
                        "--global",
                        "--prefix",
                        prefix.toString(),
                        "--registry",
                        registry.uri().toString(),
                        "--no-audit",
                        "--no-fund",
                        "--no-update-notifier",
                        CLI + "@" + version)
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
    }

    private static Optional<Path> onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Test
    void placesTheInstallRootAboveVersionsOrInTheDataDir() throws Exception {
        Path image = fakeImage(tmp.resolve("root/versions/1.2.3"), "1.2.3");
        Path data = tmp.resolve("data");
        assertEquals(tmp.resolve("root").toRealPath(), NpmRegistry.defaultInstallRoot(Optional.of(image), data));
        Path unpacked = fakeImage(tmp.resolve("waiaas-1.2.3"), "1.2.3");
        assertEquals(data.resolve("runtime"), NpmRegistry.defaultInstallRoot(Optional.of(unpacked), data));
        assertEquals(data.resolve("runtime"), NpmRegistry.defaultInstallRoot(Optional.empty(), data));
    }
}
