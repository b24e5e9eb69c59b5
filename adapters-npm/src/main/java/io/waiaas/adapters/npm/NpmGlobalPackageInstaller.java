package io.waiaas.adapters.npm;

import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.PublisherKeys;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import io.waiaas.platform.FileTrees;
import io.waiaas.platform.Fsync;
import io.waiaas.platform.IoErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Install waiaas releases into the npm global install the running image lives in (UPGR-B2): npm replaces the
 * package in place ({@code npm install -g}), after waiaas verified the release itself; only one version is installed
 * at a time, so going back means installing the old one again.
 */
final class NpmGlobalPackageInstaller implements PackageInstaller {
    /** The folder of the install root that keeps packages to restore offline. */
    static final String KEPT = "kept";

    private final TarballVerification tarballs;
    private final VersionSource releases;
    private final NpmGlobal npm;
    private final Map<String, String> environment;
    private final NpmRegistry.InstallLimits limits;
    private final boolean aotCaches;
    private final Path kept;
    private final PublisherSignatures publisher = new PublisherSignatures(InstantSource.system());
    /** The publisher key each release (by id and integrity) was found signed with by this installer. */
    private final Map<String, String> signedBy = new ConcurrentHashMap<>();

    /**
     * Create the installer of {@code npm}'s global install; {@code installRoot} keeps ({@code kept/}) the verified
     * package of the version an upgrade or rollback may have to bring back without the network.
     */
    NpmGlobalPackageInstaller(
            TarballVerification tarballs,
            VersionSource releases,
            NpmGlobal npm,
            Path installRoot,
            Map<String, String> environment,
            NpmRegistry.InstallLimits limits,
            boolean aotCaches) {
        this.aotCaches = aotCaches;
        this.kept = installRoot.resolve(KEPT);
        this.tarballs = tarballs;
        this.releases = releases;
        this.npm = npm;
        this.environment = Map.copyOf(environment);
        this.limits = limits;
    }

    @Override
    public Optional<InstalledVersion> current() {
        return Optional.of(npm.current());
    }

    @Override
    public List<InstalledVersion> installed() {
        return List.of(npm.current());
    }

    @Override
    public Verification verify(PackageRelease release) {
        ReleaseOrigin origin = new ReleaseOrigin(Optional.empty(), release.provenance());
        return tarballs.verify(release)
                .with(Optional.ofNullable(signedBy.get(signedKey(release)))
                        .map(origin::signedBy)
                        .orElse(origin));
    }

    @Override
    public Verification verifyPackage(PackageRelease release) {
        verify(release);
        Optional<PublisherKeys> trusted = trustedKeys();
        if (trusted.isPresent()) {
            try (Scratch scratch = scratch(release)) {
                checkPublisher(release, scratch.dir(), trusted.get());
            }
        }
        return verify(release);
    }

    /**
     * Install {@code release} with npm. Where the installed version trusts publisher keys (TRST-B1), the tarball is
     * downloaded and checked here first, and npm installs exactly those bytes, offline; otherwise npm fetches it from
     * the registry waiaas verified.
     */
    @Override
    public InstalledVersion install(PackageRelease release, DownloadProgress progress) {
        Objects.requireNonNull(progress, "progress");
        verify(release);
        Optional<PublisherKeys> trusted = trustedKeys();
        if (trusted.isEmpty()) {
            return trained(npm.install(release, tarballs.access(), environment, limits.downloadTimeout()));
        }
        try (Scratch scratch = scratch(release)) {
            checkPublisher(release, scratch.dir(), trusted.get());
            return trained(npm.installKept(
                    scratch.dir().resolve("package.tgz"), release.version(), environment, limits.downloadTimeout()));
        }
    }

    private void checkPublisher(PackageRelease release, Path scratch, PublisherKeys trusted) {
        signedBy.put(
                signedKey(release),
                publisher.checkTarball(
                        tarballs,
                        release,
                        scratch,
                        new PackageArchive.Limits(limits.maxUnpackedBytes(), limits.maxEntries()),
                        trusted));
    }

    /** Return the publisher keys the installed package trusts (TRST-B2), empty when it ships none. */
    private Optional<PublisherKeys> trustedKeys() {
        return PublisherSignatures.trustedBy(Path.of(npm.current().home()));
    }

    /**
     * A folder below {@code kept/} to check a release in; closing it removes it, and the folders made for it when
     * they are empty, so that a check leaves nothing behind.
     */
    private record Scratch(Path dir, List<Path> made) implements AutoCloseable {
        @Override
        public void close() {
            FileTrees.deleteQuietly(dir);
            for (Path folder : made) {
                deleteQuietly(folder); // only when empty: anything kept there stays
            }
        }
    }

    private Scratch scratch(PackageRelease release) {
        List<Path> made = new ArrayList<>();
        for (Path folder : List.of(kept, kept.getParent())) {
            if (!Files.exists(folder)) {
                made.add(folder);
            }
        }
        try {
            Files.createDirectories(kept);
            return new Scratch(Files.createTempDirectory(kept, "check-" + release.version() + "-"), made);
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "could not create a folder to check " + release.id() + " in " + kept + ": "
                            + IoErrors.describe(e, kept),
                    e);
        }
    }

    private static String signedKey(PackageRelease release) {
        return release.id() + " " + release.integrity();
    }

    private InstalledVersion trained(InstalledVersion installed) {
        if (aotCaches) {
            // npm ran without scripts (--ignore-scripts): the package's own AOT training is started here instead.
            AotCaches.trainInBackground(Path.of(installed.home()), environment);
        }
        return installed;
    }

    @Override
    public InstalledVersion adopt(Version running) {
        Objects.requireNonNull(running, "running");
        return npm.current();
    }

    @Override
    public void activate(Version version) {
        Objects.requireNonNull(version, "version");
        InstalledVersion current = npm.current();
        if (!current.version().equals(version)) {
            throw new NpmRegistryException(
                    "npm's global install in " + npm.prefix() + " holds " + current.version() + ", not " + version);
        }
    }

    @Override
    public void restore(Version previous) {
        Objects.requireNonNull(previous, "previous");
        if (npm.current().version().equals(previous)) {
            return;
        }
        Path file = keptFile(previous);
        if (Files.isRegularFile(file)) {
            // Kept, verified, when the upgrade or rollback began: npm installs it offline.
            trained(npm.installKept(file, previous, environment, limits.downloadTimeout()));
            return;
        }
        // Nothing kept (an upgrade made before packages were kept): from the registry again, verified as any.
        install(releases.release(npm.packageName(), previous), DownloadProgress.NONE);
    }

    @Override
    public boolean canRestore(Version previous) {
        return true;
    }

    @Override
    public Optional<String> holdForRestore(Version version) {
        Objects.requireNonNull(version, "version");
        Path file = keptFile(version);
        if (Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Path part = kept.resolve(
                file.getFileName() + ".part-" + ProcessHandle.current().pid());
        try {
            PackageRelease release = releases.release(npm.packageName(), version);
            verify(release);
            Files.createDirectories(kept);
            Files.deleteIfExists(part);
            tarballs.download(release, part, DownloadProgress.NONE);
            try (FileChannel written = FileChannel.open(part, StandardOpenOption.WRITE)) {
                written.force(true);
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            Fsync.force(kept);
            forgetOthers(version);
            return Optional.empty();
        } catch (IOException e) {
            deleteQuietly(part);
            return Optional.of(
                    "could not keep the package of " + version + " in " + kept + ": " + IoErrors.describe(e, kept));
        } catch (RuntimeException e) {
            deleteQuietly(part);
            return Optional.of("could not keep the package of " + version + ": " + e.getMessage());
        }
    }

    /** Keep only the package of {@code version} and the installed version's: one way back is all a rollback needs. */
    private void forgetOthers(Version version) {
        Optional<Version> installed;
        try {
            installed = Optional.of(npm.current().version());
        } catch (RuntimeException e) {
            installed = Optional.empty();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(kept, "*.tgz")) {
            for (Path f : files) {
                if (!f.equals(keptFile(version))
                        && installed.map(v -> !f.equals(keptFile(v))).orElse(true)) {
                    deleteQuietly(f);
                }
            }
        } catch (IOException e) {
            // Old packages left are only space; the one kept is in place.
        }
    }

    private Path keptFile(Version version) {
        String name = npm.packageName().replace("@", "").replace('/', '-');
        return kept.resolve(name + "-" + version + ".tgz");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover is only space: the next hold writes a new one.
        }
    }

    @Override
    public List<String> manualSteps(Version previous) {
        Path file = keptFile(previous);
        String spec = Files.isRegularFile(file) ? "--offline " + file : npm.packageName() + "@" + previous;
        return List.of("reinstall " + previous + " with npm: npm install -g --prefix " + npm.prefix() + " " + spec);
    }

    @Override
    public List<Version> prune(int keepPrevious) {
        if (keepPrevious < 0) {
            throw new IllegalArgumentException("keepPrevious must not be negative: " + keepPrevious);
        }
        return List.of();
    }
}
