package io.waiaas.adapters.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.InstallMethod;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Install waiaas releases from an npm registry side by side under an install root, or through npm when the
 * running image lives in an npm global install (SPEC UPGR-B1, UPGR-B2).
 *
 * <p>Never removes the version the running process lives in, even when {@link #prune} would.
 */
final class NpmPackageInstaller implements PackageInstaller {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHA512_BYTES = 64;

    private final RegistryUrls urls;
    private final RegistryHttp http;
    private final InstallRoot layout;
    private final Optional<Path> runningImage;
    private final Optional<NpmGlobal> npm;
    private final Map<String, String> environment;
    private final NpmRegistry.InstallLimits limits;

    NpmPackageInstaller(
            RegistryUrls urls,
            RegistryHttp http,
            Path installRoot,
            Optional<Path> runningImage,
            Map<String, String> environment,
            NpmRegistry.InstallLimits limits) {
        this.urls = urls;
        this.http = http;
        this.layout = new InstallRoot(installRoot);
        this.runningImage = runningImage.map(p -> p.toAbsolutePath().normalize());
        this.npm = this.runningImage.flatMap(NpmGlobal::detect);
        this.environment = Map.copyOf(environment);
        this.limits = limits;
    }

    @Override
    public InstallMethod method() {
        return npm.isPresent() ? InstallMethod.NPM_GLOBAL : InstallMethod.SIDE_BY_SIDE;
    }

    @Override
    public Optional<InstalledVersion> current() {
        if (npm.isPresent()) {
            return Optional.of(npm.get().current());
        }
        return layout.currentVersion().map(layout::describe);
    }

    @Override
    public List<InstalledVersion> installed() {
        if (npm.isPresent()) {
            return List.of(npm.get().current());
        }
        return layout.installedVersions().stream().map(layout::describe).toList();
    }

    @Override
    public void verify(PackageRelease release) {
        Objects.requireNonNull(release, "release");
        tarballUri(release);
        sha512(release);
        // Asked every time rather than cached: a key the registry revoked since the last call must not count.
        RegistrySignatures.fetch(http, urls).ifPresent(keys -> RegistrySignatures.verify(release, keys));
    }

    @Override
    public InstalledVersion install(PackageRelease release, DownloadProgress progress) {
        Objects.requireNonNull(progress, "progress");
        verify(release);
        if (npm.isPresent()) {
            return npm.get().install(release, urls.base(), environment, limits.downloadTimeout());
        }
        URI tarball = tarballUri(release);
        byte[] expected = sha512(release);
        try (InstallRoot.Lock lock = layout.lock()) {
            layout.removeLeftovers();
            if (layout.currentVersion().filter(release.version()::equals).isPresent()) {
                throw new NpmRegistryException(release.version() + " is the current version in " + layout.root()
                        + "; it cannot be reinstalled while current");
            }
            Path staging = layout.newStaging(release.version().toString());
            try {
                Path tgz = staging.resolve("package.tgz");
                download(release, tarball, tgz, expected, progress);
                Path tree = Files.createDirectory(staging.resolve("package"));
                PackageArchive.unpack(
                        tgz,
                        tree,
                        new PackageArchive.Limits(limits.maxUnpackedBytes(), limits.maxEntries()),
                        release.id());
                checkPackage(tree, release);
                layout.putInPlace(tree, release.version(), staging);
                return layout.describe(release.version());
            } catch (IOException e) {
                throw new NpmRegistryException(
                        "could not install " + release.id() + " into " + layout.root() + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(staging);
            }
        }
    }

    @Override
    public InstalledVersion adopt(Version running) {
        Objects.requireNonNull(running, "running");
        if (npm.isPresent()) {
            return npm.get().current();
        }
        try (InstallRoot.Lock lock = layout.lock()) {
            Optional<Version> current = layout.currentVersion();
            if (current.isPresent()) {
                return layout.describe(current.get());
            }
            if (!Files.isDirectory(layout.versionDir(running), LinkOption.NOFOLLOW_LINKS)) {
                copyRunningImage(running);
            }
            layout.switchCurrent(running);
            return layout.describe(running);
        }
    }

    private void copyRunningImage(Version running) {
        Path image = runningImage.orElseThrow(() -> new NpmRegistryException("there is no running image to adopt"
                + " into " + layout.root() + ": waiaas was not started from a runtime image"));
        Path staging = layout.newStaging("adopt-" + running);
        try {
            Path real = image.toRealPath();
            if (!Files.isExecutable(real.resolve("bin").resolve("waiaas"))) {
                throw new NpmRegistryException("the running image " + real + " has no executable bin/waiaas to adopt");
            }
            Path tree = staging.resolve("package");
            // Skip the install root should it sit inside the image: a copy must not copy itself.
            InstallRoot.copyTree(real, tree, layout.root());
            layout.putInPlace(tree, running, staging);
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "could not copy the running image into " + layout.root() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(staging);
        }
    }

    @Override
    public void activate(Version version) {
        Objects.requireNonNull(version, "version");
        if (npm.isPresent()) {
            InstalledVersion current = npm.get().current();
            if (!current.version().equals(version)) {
                throw new NpmRegistryException("npm's global install in "
                        + npm.get().prefix() + " holds " + current.version() + ", not " + version);
            }
            return;
        }
        try (InstallRoot.Lock lock = layout.lock()) {
            if (!Files.isDirectory(layout.versionDir(version), LinkOption.NOFOLLOW_LINKS)) {
                throw new NpmRegistryException("version " + version + " is not installed in " + layout.versions()
                        + ", so it cannot be made current");
            }
            layout.switchCurrent(version);
        }
    }

    @Override
    public List<Version> prune(int keepPrevious) {
        if (keepPrevious < 0) {
            throw new IllegalArgumentException("keepPrevious must not be negative: " + keepPrevious);
        }
        if (npm.isPresent()) {
            return List.of();
        }
        try (InstallRoot.Lock lock = layout.lock()) {
            layout.removeLeftovers();
            Optional<Version> current = layout.currentVersion();
            if (current.isEmpty()) {
                return List.of();
            }
            List<Version> installed = layout.installedVersions();
            List<Version> above = installed.stream()
                    .filter(v -> v.compareTo(current.get()) > 0)
                    .toList();
            List<Version> below = installed.stream()
                    .filter(v -> v.compareTo(current.get()) < 0)
                    .toList();
            List<Version> removed = new ArrayList<>(above.reversed());
            removed.addAll(below.reversed().subList(Math.min(keepPrevious, below.size()), below.size()));
            removed.removeIf(this::isRunning);
            removed.forEach(layout::remove);
            return List.copyOf(removed);
        }
    }

    private boolean isRunning(Version version) {
        return runningImage
                .map(image -> {
                    try {
                        return image.toRealPath()
                                .equals(layout.versionDir(version).toRealPath());
                    } catch (IOException e) {
                        return false;
                    }
                })
                .orElse(false);
    }

    private URI tarballUri(PackageRelease release) {
        URI tarball;
        try {
            tarball = new URI(release.tarballUrl());
        } catch (URISyntaxException e) {
            throw NpmRegistryException.refused(
                    release.id() + ": the tarball URL is not a valid URL: " + OneLine.quoted(release.tarballUrl())
                            + ", refused",
                    e);
        }
        urls.tarballRefusal(tarball).ifPresent(reason -> {
            throw NpmRegistryException.refused(release.id() + ": " + reason);
        });
        return tarball;
    }

    private static byte[] sha512(PackageRelease release) {
        // An SRI string may list several hashes; npm trusts the strongest, and waiaas insists on sha512.
        for (String part : release.integrity().strip().split("\\s+")) {
            if (part.startsWith("sha512-")) {
                String base64 = part.substring("sha512-".length());
                int options = base64.indexOf('?');
                try {
                    byte[] digest = Base64.getDecoder().decode(options < 0 ? base64 : base64.substring(0, options));
                    if (digest.length == SHA512_BYTES) {
                        return digest;
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: treated as no usable sha512 below
                }
            }
        }
        throw NpmRegistryException.refused(release.id() + ": the registry gives no sha512 integrity for the tarball"
                + " (dist.integrity " + OneLine.quoted(release.integrity()) + "), refused");
    }

    private void download(PackageRelease release, URI tarball, Path tgz, byte[] expected, DownloadProgress progress)
            throws IOException {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel out = FileChannel.open(tgz, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            http.download(
                    tarball,
                    limits.maxTarballBytes(),
                    limits.downloadTimeout(),
                    limits.stallTimeout(),
                    urls::tarballRefusal,
                    new StreamingBody.Sink() {
                        private OptionalLong total = OptionalLong.empty();
                        private long received;

                        @Override
                        public void start(OptionalLong length) {
                            total = length;
                            progress.update(0, total);
                        }

                        @Override
                        public void accept(ByteBuffer chunk) throws IOException {
                            // Hashed as it streams: the digest is ready the moment the last byte is on disk.
                            sha512.update(chunk.duplicate());
                            received += chunk.remaining();
                            while (chunk.hasRemaining()) {
                                out.write(chunk);
                            }
                            progress.update(received, total);
                        }
                    });
        }
        if (!MessageDigest.isEqual(expected, sha512.digest())) {
            throw NpmRegistryException.refused(
                    release.id() + ": the downloaded tarball does not match its integrity (sha512), refused");
        }
    }

    private static void checkPackage(Path tree, PackageRelease release) {
        Path packageJson = tree.resolve("package.json");
        JsonNode json;
        try {
            if (!Files.isRegularFile(packageJson, LinkOption.NOFOLLOW_LINKS) || Files.size(packageJson) > 1024 * 1024) {
                throw NpmRegistryException.refused(release.id() + ": the tarball has no package.json, refused");
            }
            json = JSON.readTree(packageJson.toFile());
        } catch (IOException e) {
            throw NpmRegistryException.refused(
                    release.id() + ": the tarball's package.json is not valid JSON," + " refused", e);
        }
        String name = json.path("name").asText("");
        Optional<Version> version = Version.tryParse(json.path("version").asText(""));
        if (!name.equals(release.packageName())
                || version.filter(release.version()::equals).isEmpty()) {
            throw NpmRegistryException.refused(release.id() + ": the tarball's package.json names "
                    + OneLine.quoted(name + "@" + json.path("version").asText("")) + ", refused");
        }
        Path launcher = tree.resolve("bin").resolve("waiaas");
        if (!Files.isRegularFile(launcher, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(launcher)) {
            throw NpmRegistryException.refused(release.id() + ": the tarball has no executable bin/waiaas, refused");
        }
    }

    private static void deleteQuietly(Path staging) {
        try {
            InstallRoot.deleteTree(staging);
        } catch (IOException e) {
            // Left for the next install or prune, which removes every staging folder first.
        }
    }
}
