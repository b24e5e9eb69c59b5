package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.adapters.npm.NpmRegistry;
import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.Version;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages the build makes, served by a loopback registry as npm tarballs: the release package N installed by
 * real {@code npm install -g}, and the N+1 test package installed by waiaas's own installer, side by side and
 * through npm; each then run as a real process with no JDK in its environment.
 */
@Timeout(300)
class ReleasePackageIT {
    private static final String CLI = "@waiaas/cli";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PACKAGES =
            Path.of(System.getProperty("waiaas.packages", "target/packages")).toAbsolutePath();
    private static final Path MIGRATION_INDEX = Path.of("../adapters-sqlite/src/main/resources/db/migration/index.txt");

    @TempDir
    Path tmp;

    private final List<LoopbackRegistry> registries = new ArrayList<>();
    private final RegistryKey key = RegistryKey.generate("SHA256:release-package-it");
    private String n;
    private String next;
    private Path tools;

    @BeforeEach
    void findPackages() throws IOException {
        n = System.getProperty("waiaas.version");
        next = Files.readString(PACKAGES.resolve("test/next-version")).strip();
        assertTrue(Files.isRegularFile(release()), "no release package at " + release());
        // A PATH with only what the launcher uses, and no java: the package must bring its own runtime. Wrappers,
        // not symlinks, so that cleaning the temp dir never meets a link pointing out of it.
        tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("readlink", "dirname", "setsid")) {
            Path wrapper = tools.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/" + tool + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @AfterEach
    void stopRegistries() {
        registries.forEach(LoopbackRegistry::close);
    }

    private Path release() {
        return PACKAGES.resolve("waiaas-cli-" + n + ".tgz");
    }

    private Path testPackage(String suffix) {
        return PACKAGES.resolve("test/waiaas-cli-" + next + suffix + ".tgz");
    }

    /** Serve N and the N+1 variant {@code nextSuffix} as an npm registry would after publishing them, signed. */
    private LoopbackRegistry registry(String nextSuffix) throws IOException {
        PublishedPackages published = new PublishedPackages().keys(key);
        publish(published, n, release());
        publish(published, next, testPackage(nextSuffix));
        published.tag(CLI, "latest", next);
        LoopbackRegistry registry = LoopbackRegistry.serve(published);
        registries.add(registry);
        return registry;
    }

    private void publish(PublishedPackages published, String version, Path tgz) throws IOException {
        byte[] bytes = Files.readAllBytes(tgz);
        // npm publish copies package.json's own fields into the version manifest: the waiaas block among them.
        JsonNode packageJson =
                JSON.readTree(entries(bytes).get("package/package.json").content());
        published
                .tarball(CLI, version, bytes)
                .manifestField(CLI, version, "waiaas", packageJson.get("waiaas").toString())
                .sign(CLI, version, key);
    }

    // ---- the tarball itself ----

    @Test
    void releasePackageIsADeterministicNpmTarballOfTheImageWithItsSchemaRange() throws Exception {
        Map<String, Entry> entries = entries(Files.readAllBytes(release()));

        assertTrue(
                entries.keySet().stream().allMatch(name -> name.startsWith("package/")),
                entries.keySet().toString());
        assertSortedWithinEachDirectory(List.copyOf(entries.keySet()));
        assertTrue(
                entries.values().stream().allMatch(e -> e.type() == '0' || e.type() == '5'),
                "files and directories only: npm would drop links");
        assertTrue(entries.values().stream().allMatch(e -> e.mtime() == 499162500L), "npm's fixed mtime");
        for (String executable : List.of("package/bin/waiaas", "package/bin/java", "package/lib/jspawnhelper")) {
            assertEquals(0755, entries.get(executable).mode(), executable);
        }
        assertEquals(n + "\n", new String(entries.get("package/VERSION").content(), StandardCharsets.UTF_8));

        JsonNode json = JSON.readTree(entries.get("package/package.json").content());
        assertEquals(CLI, json.path("name").asText());
        assertEquals(n, json.path("version").asText());
        assertEquals("bin/waiaas", json.path("bin").path("waiaas").asText());
        assertEquals("[\"linux\"]", json.path("os").toString());
        assertEquals("[\"x64\"]", json.path("cpu").toString());
        assertTrue(
                json.path("files").toString().contains("\"app/\""),
                json.path("files").toString());
        com.fasterxml.jackson.databind.node.ObjectNode block =
                json.path("waiaas").deepCopy();
        String notes = block.remove("releaseNotes").asText();
        assertEquals(schemaRange(0), block.toString());
        // The package carries the repository's changelog, and package.json its own entry of it (UPGR-B7).
        String changelog = new String(entries.get("package/CHANGELOG.md").content(), StandardCharsets.UTF_8);
        assertEquals(Files.readString(Path.of("..", "CHANGELOG.md")), changelog);
        assertTrue(notes.startsWith("## " + n + "\n") || notes.startsWith("## [" + n + "]"), notes);
        assertTrue(changelog.contains(notes.strip()), "the entry is the changelog's own: " + notes);
    }

    /** Assert tar's --sort=name order: depth first, each directory's entries by name. */
    private static void assertSortedWithinEachDirectory(List<String> names) {
        Map<String, List<String>> byParent = new LinkedHashMap<>();
        for (String name : names) {
            String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            String parent = trimmed.contains("/") ? trimmed.substring(0, trimmed.lastIndexOf('/')) : "";
            byParent.computeIfAbsent(parent, p -> new ArrayList<>()).add(trimmed.substring(parent.length()));
        }
        byParent.forEach((parent, children) ->
                assertEquals(children.stream().sorted().toList(), children, "entries of " + parent + " in order"));
    }

    /** Return the waiaas block the sources declare, with {@code extra} more migrations. */
    private static String schemaRange(int extra) throws IOException {
        List<String> lines = Files.readAllLines(MIGRATION_INDEX);
        int latest = lines.stream()
                .filter(l -> l.matches("V[1-9][0-9]*__.*\\.sql"))
                .mapToInt(l -> Integer.parseInt(l.substring(1, l.indexOf("__"))))
                .max()
                .orElseThrow();
        String min = lines.stream()
                .filter(l -> l.startsWith("min-compatible="))
                .findFirst()
                .orElseThrow()
                .substring("min-compatible=".length());
        return "{\"schemaVersion\":" + (latest + extra) + ",\"minCompatibleSchemaVersion\":" + min + "}";
    }

    // ---- npm ----

    @Test
    void realNpmInstallsTheReleaseKeepingModesAndItRunsWithoutAJdk() throws Exception {
        Path npm = ImageRunner.onPath("npm", "the release package tests need it");
        LoopbackRegistry registry = registry("");
        Path prefix = tmp.resolve("prefix");

        npmInstall(npm, registry, prefix, n);

        Path installed = prefix.resolve("lib/node_modules/@waiaas/cli");
        for (String executable : List.of("bin/waiaas", "bin/java", "lib/jspawnhelper")) {
            assertEquals(
                    "rwxr-xr-x",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(installed.resolve(executable))),
                    executable + " after npm install");
        }
        assertEquals(n + "\n", run(prefix.resolve("bin/waiaas"), "--version").out());
    }

    @Test
    void waiaasUpgradesAnNpmGlobalInstallThroughNpm() throws Exception {
        Path npm = ImageRunner.onPath("npm", "the release package tests need it");
        LoopbackRegistry registry = registry("");
        Path prefix = tmp.resolve("prefix");
        npmInstall(npm, registry, prefix, n);

        PackageInstaller installer = NpmRegistry.packageInstaller(
                registry.uri(),
                tmp.resolve("unused"),
                Optional.of(prefix.resolve("lib/node_modules/@waiaas/cli")),
                npmEnvironment(),
                installLimits());
        assertTrue(
                installer.manualSteps(Version.parse(n)).getFirst().contains("npm install -g"),
                "an installer working through npm's global install");
        assertEquals(Version.parse(n), installer.current().orElseThrow().version());

        InstalledVersion upgraded = installer.install(release(registry, next), DownloadProgress.NONE);

        assertEquals(Version.parse(next), upgraded.version());
        assertEquals(next + "\n", run(prefix.resolve("bin/waiaas"), "--version").out());
        assertFalse(Files.exists(tmp.resolve("unused")), "no side-by-side root inside an npm install");
    }

    // ---- waiaas's own installer ----

    @Test
    void waiaasInstallsNPlusOneSideBySideAndSwitchesToIt() throws Exception {
        LoopbackRegistry registry = registry("");
        Path root = tmp.resolve("root");
        PackageInstaller installer =
                NpmRegistry.packageInstaller(registry.uri(), root, Optional.empty(), Map.of(), installLimits());
        installer.install(release(registry, n), DownloadProgress.NONE);
        installer.activate(Version.parse(n));
        List<Long> progress = new ArrayList<>();

        PackageRelease target = release(registry, next);
        InstalledVersion installed = installer.install(target, (received, total) -> progress.add(received));

        assertEquals(Optional.of(releaseSchema(1)), target.schema(), "the registry shows N+1's schema block");
        assertEquals(Files.size(testPackage("")), progress.get(progress.size() - 1));
        assertEquals(root.resolve("versions/" + next).toString(), installed.home());
        assertEquals(
                next + "\n", run(Path.of(installed.launcher()), "--version").out());
        assertEquals(n + "\n", run(root.resolve("bin/waiaas"), "--version").out(), "N is still current");

        installer.activate(Version.parse(next));

        assertEquals(next + "\n", run(root.resolve("bin/waiaas"), "--version").out());
        assertEquals(
                n + "\n",
                run(root.resolve("versions/" + n + "/bin/waiaas"), "--version").out());
    }

    private static ReleaseSchema releaseSchema(int extra) throws IOException {
        JsonNode block = JSON.readTree(schemaRange(extra));
        return ReleaseSchema.of(
                block.path("schemaVersion").asInt(),
                block.path("minCompatibleSchemaVersion").asInt());
    }

    @Test
    void nPlusOneServesOneMoreSchemaAndItsVariantsFailAsLabelled() throws Exception {
        InstalledVersion good = installVariant("", "good");
        int port = ImageRunner.freePort();
        Path data = dataDir("good", port);
        Result started = run(Path.of(good.launcher()), "--data-dir", data.toString(), "start", "-d");
        try {
            assertEquals(0, started.exit(), started.toString());
            String health = ImageRunner.get(port, "/health", "127.0.0.1:" + port)
                    .orElseThrow()
                    .body();
            assertEquals(next, JSON.readTree(health).path("version").asText(), health);
            assertEquals(
                    releaseSchema(1).schemaVersion().value(),
                    JSON.readTree(health).path("schemaVersion").asInt());
        } finally {
            run(Path.of(good.launcher()), "--data-dir", data.toString(), "stop");
        }
        assertTrue(databaseMentions(data, "CREATE TABLE upgrade_probe"), "the probe migration ran");

        InstalledVersion failing = installVariant("-failing-migration", "failing");
        Path failingData = dataDir("failing", ImageRunner.freePort());
        assertEquals(next + "\n", run(Path.of(failing.launcher()), "--version").out());
        Result refused = run(Path.of(failing.launcher()), "--data-dir", failingData.toString(), "start");
        assertNotEquals(0, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("syntax error"), refused.toString());

        InstalledVersion hung = installVariant("-never-healthy", "hung");
        int hungPort = ImageRunner.freePort();
        Path hungData = dataDir("hung", hungPort);
        assertEquals(next + "\n", run(Path.of(hung.launcher()), "--version").out());
        Process daemon = start(Path.of(hung.launcher()), "--data-dir", hungData.toString(), "start");
        try {
            assertFalse(ImageRunner.awaitHealth(hungPort, Duration.ofSeconds(4)), "never answers /health");
            assertTrue(daemon.isAlive(), "but keeps running");
        } finally {
            daemon.destroyForcibly();
            assertTrue(daemon.waitFor(10, TimeUnit.SECONDS));
        }
    }

    private InstalledVersion installVariant(String suffix, String rootName) throws IOException {
        LoopbackRegistry registry = registry(suffix);
        PackageInstaller installer = NpmRegistry.packageInstaller(
                registry.uri(), tmp.resolve("root-" + rootName), Optional.empty(), Map.of(), installLimits());
        return installer.install(release(registry, next), DownloadProgress.NONE);
    }

    private Path dataDir(String name, int port) throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data-" + name));
        Files.writeString(data.resolve("config.toml"), "[daemon]\nport = " + port + "\n[update]\ncheck = false\n");
        return data;
    }

    private static boolean databaseMentions(Path data, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(data.resolve("data"))) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("waiaas.db"))
                    .toList()) {
                byte[] bytes = Files.readAllBytes(file);
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // ---- helpers ----

    private static NpmRegistry.InstallLimits installLimits() {
        NpmRegistry.InstallLimits d = NpmRegistry.InstallLimits.DEFAULT;
        return new NpmRegistry.InstallLimits(
                d.requestTimeout(),
                Duration.ofMinutes(2),
                d.stallTimeout(),
                d.maxTarballBytes(),
                d.maxUnpackedBytes(),
                d.maxEntries());
    }

    private static PackageRelease release(LoopbackRegistry registry, String version) {
        VersionSource source = NpmRegistry.versionSource(registry.uri());
        return source.release(CLI, Version.parse(version));
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

    private void npmInstall(Path npm, LoopbackRegistry registry, Path prefix, String version)
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
        builder.environment().putAll(npmEnvironment());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "npm install did not finish");
        assertEquals(0, process.exitValue(), out);
    }

    private record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Start {@code launcher args...} with no JDK in the environment and a PATH of the launcher's tools only. */
    private Process start(Path launcher, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.remove("JAVA_HOME");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("WAIAAS_LAUNCHER");
        env.put("PATH", tools.toString());
        env.put("HOME", tmp.toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(tmp.resolve("daemon.out").toFile());
        builder.redirectErrorStream(true);
        return builder.start();
    }

    private Result run(Path launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.remove("JAVA_HOME");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("WAIAAS_LAUNCHER");
        env.put("PATH", tools.toString());
        env.put("HOME", tmp.toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(process.exitValue(), out, Files.readString(err));
    }

    // ---- a small ustar reader, independent of the installer's ----

    private record Entry(char type, int mode, long mtime, byte[] content) {}

    private static Map<String, Entry> entries(byte[] tgz) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                long size = Long.parseLong(text(header, 124, 12).strip(), 8);
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                int mode = Integer.parseInt(text(header, 100, 8).strip(), 8);
                long mtime = Long.parseLong(text(header, 136, 12).strip(), 8);
                entries.put(
                        prefix.isEmpty() ? name : prefix + "/" + name,
                        new Entry((char) header[156], mode, mtime, content));
            }
        }
        return entries;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
