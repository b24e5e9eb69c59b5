package io.waiaas.adapters.npm;

import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Install waiaas releases into the npm global install the running image lives in (UPGR-B2): npm replaces the
 * package in place ({@code npm install -g}), after waiaas verified the release itself; only one version is installed
 * at a time, so going back means installing the old one again.
 */
final class NpmGlobalPackageInstaller implements PackageInstaller {
    private final TarballVerification tarballs;
    private final VersionSource releases;
    private final NpmGlobal npm;
    private final Map<String, String> environment;
    private final NpmRegistry.InstallLimits limits;
    private final boolean aotCaches;

    NpmGlobalPackageInstaller(
            TarballVerification tarballs,
            VersionSource releases,
            NpmGlobal npm,
            Map<String, String> environment,
            NpmRegistry.InstallLimits limits,
            boolean aotCaches) {
        this.aotCaches = aotCaches;
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
        return tarballs.verify(release);
    }

    @Override
    public InstalledVersion install(PackageRelease release, DownloadProgress progress) {
        Objects.requireNonNull(progress, "progress");
        verify(release);
        InstalledVersion installed = npm.install(release, tarballs.access(), environment, limits.downloadTimeout());
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
        // npm only holds the installed version: the previous one comes from the registry again, verified as any.
        install(releases.release(npm.packageName(), previous), DownloadProgress.NONE);
    }

    @Override
    public boolean canRestore(Version previous) {
        return true;
    }

    @Override
    public List<String> manualSteps(Version previous) {
        return List.of("reinstall " + previous + " with npm: npm install -g --prefix " + npm.prefix() + " "
                + npm.packageName() + "@" + previous);
    }

    @Override
    public List<Version> prune(int keepPrevious) {
        if (keepPrevious < 0) {
            throw new IllegalArgumentException("keepPrevious must not be negative: " + keepPrevious);
        }
        return List.of();
    }
}
