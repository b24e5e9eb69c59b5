package io.waiaas.adapters.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.domain.PublisherKeys;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import io.waiaas.platform.FileTrees;
import io.waiaas.platform.HeldLocks;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Install waiaas releases side by side under an install root (UPGR-B2): each version in
 * {@code versions/{version}/}, unpacked by the strict tar reader from a verified tarball, {@code current} switched
 * with one atomic rename.
 *
 * <p>Never removes the version the running process lives in, even when {@link #prune} would.
 */
final class SideBySidePackageInstaller implements PackageInstaller {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Tarballs tarballs;
    private final InstallRoot layout;
    private final Optional<Path> runningImage;
    private final NpmRegistry.InstallLimits limits;
    private final Map<String, String> environment;
    private final boolean aotCaches;
    private final PublisherSignatures publisher = new PublisherSignatures(InstantSource.system());
    /** The publisher key each release (by id and integrity) was found signed with by this installer. */
    private final Map<String, String> signedBy = new ConcurrentHashMap<>();

    SideBySidePackageInstaller(
            Tarballs tarballs, Path installRoot, Optional<Path> runningImage, NpmRegistry.InstallLimits limits) {
        this(tarballs, installRoot, runningImage, limits, Map.of(), false);
    }

    SideBySidePackageInstaller(
            Tarballs tarballs,
            Path installRoot,
            Optional<Path> runningImage,
            NpmRegistry.InstallLimits limits,
            Map<String, String> environment,
            boolean aotCaches) {
        this.tarballs = tarballs;
        this.environment = Map.copyOf(environment);
        this.aotCaches = aotCaches;
        this.layout = new InstallRoot(installRoot);
        this.runningImage = runningImage.map(p -> p.toAbsolutePath().normalize());
        this.limits = limits;
    }

    @Override
    public Optional<InstalledVersion> current() {
        return layout.currentVersion().map(layout::describe);
    }

    @Override
    public List<InstalledVersion> installed() {
        return layout.installedVersions().stream().map(layout::describe).toList();
    }

    @Override
    public Verification verify(PackageRelease release) {
        return tarballs.verify(release).with(origin(release));
    }

    @Override
    public Verification verifyPackage(PackageRelease release) {
        verify(release);
        Optional<PublisherKeys> trusted = trustedKeys();
        if (trusted.isPresent()) {
            // Checked in the install root's scratch space, which is removed again if the check made it: a check
            // leaves nothing behind, whatever it finds.
            boolean rootExisted = Files.isDirectory(layout.root(), LinkOption.NOFOLLOW_LINKS);
            try {
                try (HeldLocks.Held lock = layout.lock()) {
                    Path scratch = layout.newStaging("check-" + release.version());
                    try {
                        signedBy.put(
                                signedKey(release),
                                publisher.checkTarball(tarballs, release, scratch, archiveLimits(), trusted.get()));
                    } finally {
                        FileTrees.deleteQuietly(scratch);
                    }
                }
            } finally {
                if (!rootExisted) {
                    layout.removeIfUnused();
                }
            }
        }
        return verify(release);
    }

    /** Return what is known of {@code release}'s origin: its provenance, and its publisher's key once checked. */
    private ReleaseOrigin origin(PackageRelease release) {
        ReleaseOrigin origin = new ReleaseOrigin(Optional.empty(), release.provenance());
        return Optional.ofNullable(signedBy.get(signedKey(release)))
                .map(origin::signedBy)
                .orElse(origin);
    }

    private static String signedKey(PackageRelease release) {
        return release.id() + " " + release.integrity();
    }

    /**
     * Return the publisher keys the installed version trusts (TRST-B2): the current version's own list, or the running
     * image's before anything was installed here; empty when that version ships none.
     */
    private Optional<PublisherKeys> trustedKeys() {
        return layout.currentVersion()
                .map(layout::versionDir)
                .or(() -> runningImage)
                .flatMap(PublisherSignatures::trustedBy);
    }

    private PackageArchive.Limits archiveLimits() {
        return new PackageArchive.Limits(limits.maxUnpackedBytes(), limits.maxEntries());
    }

    @Override
    public InstalledVersion install(PackageRelease release, DownloadProgress progress) {
        Objects.requireNonNull(progress, "progress");
        verify(release);
        try (HeldLocks.Held lock = layout.lock()) {
            layout.removeLeftovers();
            if (layout.currentVersion().filter(release.version()::equals).isPresent()) {
                throw new NpmRegistryException(release.version() + " is the current version in " + layout.root()
                        + "; it cannot be reinstalled while current");
            }
            Optional<PublisherKeys> trusted = trustedKeys();
            Path staging = layout.newStaging(release.version().toString());
            try {
                Path tgz = staging.resolve("package.tgz");
                tarballs.download(release, tgz, progress);
                Path tree = Files.createDirectory(staging.resolve("package"));
                PackageArchive.unpack(tgz, tree, archiveLimits(), release.id());
                checkPackage(tree, release);
                // The publisher's signature, checked on the very files that are put in place (TRST-B1).
                if (trusted.isPresent()) {
                    signedBy.put(signedKey(release), publisher.check(tree, release, trusted.get()));
                }
                layout.putInPlace(tree, release.version(), staging);
                return withAotCaches(layout.describe(release.version()));
            } catch (IOException e) {
                throw new NpmRegistryException(
                        "could not install " + release.id() + " into " + layout.root() + ": "
                                + IoErrors.describe(e, layout.root()),
                        e);
            } finally {
                FileTrees.deleteQuietly(staging);
            }
        }
    }

    @Override
    public InstalledVersion adopt(Version running) {
        Objects.requireNonNull(running, "running");
        try (HeldLocks.Held lock = layout.lock()) {
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

    /** Start the installed version's own AOT caches in the background when asked to ({@code [install] aot_caches}). */
    private InstalledVersion withAotCaches(InstalledVersion installed) {
        if (aotCaches) {
            AotCaches.trainInBackground(Path.of(installed.home()), environment);
        }
        return installed;
    }

    private void copyRunningImage(Version running) {
        Path image = runningImage.orElseThrow(() -> new NpmRegistryException("there is no running image to adopt"
                + " into " + layout.root() + ": waiaas was not started from a runtime image"));
        Path staging = layout.newStaging("adopt-" + running);
        try {
            Path real = image.toRealPath();
            if (!Files.isExecutable(Layout.launcher(real))) {
                throw new NpmRegistryException("the running image " + real + " has no executable bin/waiaas to adopt");
            }
            Path tree = staging.resolve("package");
            // Skip the install root should it sit inside the image: a copy must not copy itself.
            InstallRoot.copyTree(real, tree, layout.root());
            layout.putInPlace(tree, running, staging);
            // The copy's caches (if any) were made for the image it came from: it makes its own.
            withAotCaches(layout.describe(running));
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "could not copy the running image into " + layout.root() + ": "
                            + IoErrors.describe(e, layout.root()),
                    e);
        } finally {
            FileTrees.deleteQuietly(staging);
        }
    }

    @Override
    public void activate(Version version) {
        Objects.requireNonNull(version, "version");
        try (HeldLocks.Held lock = layout.lock()) {
            if (!Files.isDirectory(layout.versionDir(version), LinkOption.NOFOLLOW_LINKS)) {
                throw new NpmRegistryException("version " + version + " is not installed in " + layout.versions()
                        + ", so it cannot be made current");
            }
            layout.switchCurrent(version);
        }
    }

    @Override
    public void restore(Version previous) {
        Objects.requireNonNull(previous, "previous");
        if (layout.currentVersion().filter(previous::equals).isPresent()) {
            return;
        }
        if (!canRestore(previous) && layout.currentVersion().isEmpty()) {
            // Nothing was ever installed side by side (the upgrade failed before it adopted the running build):
            // the running build is what runs, and it is previous.
            return;
        }
        activate(previous);
    }

    @Override
    public boolean canRestore(Version previous) {
        return Files.isDirectory(layout.versionDir(previous), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Optional<String> holdForRestore(Version version) {
        Objects.requireNonNull(version, "version");
        try {
            // Installed versions stay in versions/ until pruned; with none current, the first upgrade adopts the image.
            if (canRestore(version) || layout.currentVersion().isEmpty()) {
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.of(version + " is no longer installed in " + layout.versions());
    }

    @Override
    public List<String> manualSteps(Version previous) {
        Path home = layout.versionDir(previous);
        if (!canRestore(previous)) {
            return List.of("install " + previous + " again: waiaas upgrade --to " + previous + " --allow-downgrade");
        }
        return List.of("make " + previous + " current again: ln -sfn " + home + " "
                + layout.root().resolve(InstallRoot.CURRENT));
    }

    @Override
    public List<Version> prune(int keepPrevious) {
        if (keepPrevious < 0) {
            throw new IllegalArgumentException("keepPrevious must not be negative: " + keepPrevious);
        }
        try (HeldLocks.Held lock = layout.lock()) {
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
                    release.id() + ": the tarball's package.json is not valid JSON, refused", e);
        }
        String name = json.path("name").asText("");
        Optional<Version> version = Version.tryParse(json.path("version").asText(""));
        if (!name.equals(release.packageName())
                || version.filter(release.version()::equals).isEmpty()) {
            throw NpmRegistryException.refused(release.id() + ": the tarball's package.json names "
                    + OneLine.quoted(name + "@" + json.path("version").asText("")) + ", refused");
        }
        Path launcher = Layout.launcher(tree);
        if (!Files.isRegularFile(launcher, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(launcher)) {
            throw NpmRegistryException.refused(release.id() + ": the tarball has no executable bin/waiaas, refused");
        }
    }
}
