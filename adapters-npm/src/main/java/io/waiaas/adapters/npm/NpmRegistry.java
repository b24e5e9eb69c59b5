package io.waiaas.adapters.npm;

import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.Version;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Create the npm registry adapters of waiaas. */
public final class NpmRegistry {
    /** The public npm registry. */
    public static final URI DEFAULT_REGISTRY = URI.create("https://registry.npmjs.org/");
    /** The connect timeout, and the deadline of each request from connect to the last body byte (VCHK-02). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The cap on a packument; a dist-tags document is capped at 64 KiB. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

    private NpmRegistry() {}

    /** Create a version source asking {@code registry} with the default timeout and size cap. */
    public static VersionSource versionSource(URI registry) {
        return versionSource(registry, DEFAULT_TIMEOUT, DEFAULT_MAX_BYTES);
    }

    /**
     * Describe how to reach the registry of one package: which registry, with which credentials, through which proxy.
     * Nothing is read from disk but the user's npmrc until the first request; a setting that cannot be used is
     * reported by that request, in one line, so a daemon never fails to start for it.
     */
    public static final class Access {
        private final RegistryAccess access;

        private Access(RegistryAccess access) {
            this.access = access;
        }

        /** Return the registry's base URL, ending in a slash. */
        public URI registry() {
            return access.registry();
        }

        /**
         * Return this access, with installers that refuse a release the registry does not sign (exit 5, before
         * anything changes) when {@code require} is true: {@code [update] require_signatures}.
         */
        public Access requiringSignatures(boolean require) {
            return new Access(access.requiringSignatures(require));
        }

        @Override
        public String toString() {
            return "NpmRegistry.Access[" + access.registry() + "]";
        }
    }

    /**
     * Work out how to reach the registry of {@code packageName} as npm would (SPEC's private registries and proxies).
     *
     * <p>The registry is {@code configured} when the operator set it, else the user's npmrc's
     * {@code @scope:registry} (for a scoped package) or {@code registry}, else {@link #DEFAULT_REGISTRY}. Credentials:
     * {@code WAIAAS_UPDATE_TOKEN}, else {@code tokenFile} (refused unless only its owner may read it), else the
     * npmrc's {@code //host[:port]/path/:_authToken} (or {@code :_auth}, {@code :username} + {@code :_password}),
     * with {@code ${VAR}} taken from {@code env}; they are sent only to the registry's own origin. Proxy:
     * {@code proxy} ({@code [update] proxy}), else {@code https_proxy}/{@code HTTPS_PROXY} (https) and
     * {@code http_proxy}/{@code HTTP_PROXY}, except for hosts in {@code no_proxy}/{@code NO_PROXY}.
     *
     * @param configured {@code [update] registry} when set in the config file or the environment
     * @param packageName the package, whose scope picks the npmrc's registry
     * @param env the environment ({@code WAIAAS_UPDATE_TOKEN}, {@code NPM_CONFIG_USERCONFIG}, proxies, npmrc
     *     variables)
     * @param home the user's home folder, where {@code .npmrc} lives
     * @param tokenFile {@code [update] token_file}, absolute
     * @param proxy {@code [update] proxy}
     * @throws NpmRegistryException when {@code configured} is not allowed
     */
    public static Access access(
            Optional<URI> configured,
            String packageName,
            Map<String, String> env,
            Path home,
            Optional<Path> tokenFile,
            Optional<URI> proxy) {
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(proxy, "proxy");
        return new Access(RegistryAccess.of(configured, DEFAULT_REGISTRY, packageName, env, home, tokenFile, proxy));
    }

    /** Create a version source reaching its registry through {@code access}, with the default timeout and size cap. */
    public static VersionSource versionSource(Access access) {
        Objects.requireNonNull(access, "access");
        return new NpmRegistryVersionSource(
                RegistryUrls.of(access.registry()),
                new RegistryHttp(DEFAULT_TIMEOUT, access.access),
                DEFAULT_MAX_BYTES);
    }

    /**
     * Create a version source asking {@code registry}; no request is made until a method is called.
     *
     * @param registry the registry's base URL: {@code https}, or {@code http} only on a loopback host (VCHK-B3)
     * @param timeout the connect timeout, and the deadline of each request from connect to the last body byte
     * @param maxBytes the largest packument read; larger answers are refused while streaming
     * @throws NpmRegistryException when {@code registry} is not allowed
     */
    public static VersionSource versionSource(URI registry, Duration timeout, long maxBytes) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        return new NpmRegistryVersionSource(
                RegistryUrls.of(registry), new RegistryHttp(timeout, RegistryAccess.direct(registry)), maxBytes);
    }

    /**
     * Bound what installing one release may take.
     *
     * @param requestTimeout the deadline of each small registry request (the signing keys)
     * @param downloadTimeout the deadline of the whole tarball download, or of {@code npm install -g}
     * @param stallTimeout the longest the registry may send nothing while a tarball is due
     * @param maxTarballBytes the largest tarball downloaded; larger ones are refused while streaming
     * @param maxUnpackedBytes the most bytes a tarball may unpack to (decompression bombs)
     * @param maxEntries the most entries a tarball may hold
     */
    public record InstallLimits(
            Duration requestTimeout,
            Duration downloadTimeout,
            Duration stallTimeout,
            long maxTarballBytes,
            long maxUnpackedBytes,
            int maxEntries) {

        /** The limits used unless a caller sets others: generous for a runtime image of about 100 MB. */
        public static final InstallLimits DEFAULT = new InstallLimits(
                DEFAULT_TIMEOUT,
                Duration.ofMinutes(10),
                Duration.ofSeconds(30),
                512L * 1024 * 1024,
                2L * 1024 * 1024 * 1024,
                50_000);

        public InstallLimits {
            for (Duration d : List.of(requestTimeout, downloadTimeout, stallTimeout)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("install timeouts must be positive: " + d);
                }
            }
            if (maxTarballBytes <= 0 || maxUnpackedBytes <= 0 || maxEntries <= 0) {
                throw new IllegalArgumentException("install limits must be positive");
            }
        }
    }

    /** Create a package installer with the {@link InstallLimits#DEFAULT default limits}. */
    public static PackageInstaller packageInstaller(
            URI registry, Path installRoot, Optional<Path> runningImage, Map<String, String> environment) {
        return packageInstaller(registry, installRoot, runningImage, environment, InstallLimits.DEFAULT);
    }

    /**
     * Create a package installer reaching its registry through {@code access}, with the {@link InstallLimits#DEFAULT
     * default limits}; see {@link #packageInstaller(URI, Path, Optional, Map, InstallLimits)}.
     */
    public static PackageInstaller packageInstaller(
            Access access, Path installRoot, Optional<Path> runningImage, Map<String, String> environment) {
        Objects.requireNonNull(access, "access");
        return installer(access.access, installRoot, runningImage, environment, InstallLimits.DEFAULT, false);
    }

    /**
     * Create a package installer as {@link #packageInstaller(Access, Path, Optional, Map)} does, which also has each
     * version it installs (or adopts) make its own AOT caches, in the background, when {@code aotCaches} is true
     * ({@code [install] aot_caches}): JDK 25 caches match only the path they were trained at.
     */
    public static PackageInstaller packageInstaller(
            Access access,
            Path installRoot,
            Optional<Path> runningImage,
            Map<String, String> environment,
            boolean aotCaches) {
        Objects.requireNonNull(access, "access");
        return installer(access.access, installRoot, runningImage, environment, InstallLimits.DEFAULT, aotCaches);
    }

    /**
     * Create a package installer downloading from {@code registry}; nothing is read or written until a method is
     * called, except that the running image's location is examined once.
     *
     * <p>When {@code runningImage} is the package folder of an npm global install
     * ({@code {prefix}/lib/node_modules/{package}} with a package.json naming that package), the installer works
     * through {@code npm install -g}, and {@code installRoot} only keeps ({@code kept/}) the verified package of the
     * version a rollback may have to install again offline; otherwise it installs side by side under
     * {@code installRoot}.
     *
     * @param registry the registry's base URL: {@code https}, or {@code http} only on a loopback host
     * @param installRoot the folder holding {@code versions/}, {@code current} and {@code bin/}; see
     *     {@link #defaultInstallRoot}
     * @param runningImage the folder of the runtime image this process runs from (the one holding
     *     {@code bin/waiaas}), empty when not run from an image
     * @param environment the environment for {@code npm} (its {@code PATH} is searched for it)
     * @param limits the bounds of one install
     * @throws NpmRegistryException when {@code registry} is not allowed
     */
    public static PackageInstaller packageInstaller(
            URI registry,
            Path installRoot,
            Optional<Path> runningImage,
            Map<String, String> environment,
            InstallLimits limits) {
        Objects.requireNonNull(registry, "registry");
        return installer(RegistryAccess.direct(registry), installRoot, runningImage, environment, limits, false);
    }

    /**
     * A release package copied onto this machine, as the one release an upgrade can go to with no registry
     * ({@code waiaas upgrade --from FILE}).
     *
     * @param releases describes the file's release, the only one there is
     * @param installer installs it side by side from the file
     */
    public record Offline(VersionSource releases, PackageInstaller installer) {}

    /**
     * Describe and install the release package {@code file} with no registry: its sha512 must match
     * {@code integrity} (an npm SRI string), or {@code allowUnverified} must say the operator accepts it unverified.
     * Nothing is read until a method is called.
     *
     * @throws NpmRegistryException REFUSED when waiaas runs from npm's global install, which npm itself must
     *     install the file into
     */
    public static Offline packageFile(
            Path file,
            String packageName,
            Optional<String> integrity,
            boolean allowUnverified,
            Path installRoot,
            Optional<Path> runningImage,
            Map<String, String> environment,
            boolean aotCaches) {
        Optional<NpmGlobal> npm =
                runningImage.map(p -> p.toAbsolutePath().normalize()).flatMap(NpmGlobal::detect);
        if (npm.isPresent()) {
            throw NpmRegistryException.refused("waiaas runs from npm's global install, where --from cannot install a"
                    + " package file side by side; check its digest and run: npm install -g " + file);
        }
        PackageFileVersionSource packageFile =
                new PackageFileVersionSource(file, packageName, integrity, allowUnverified, InstallLimits.DEFAULT);
        return new Offline(
                packageFile,
                new SideBySidePackageInstaller(
                        packageFile, installRoot, runningImage, InstallLimits.DEFAULT, environment, aotCaches));
    }

    private static PackageInstaller installer(
            RegistryAccess access,
            Path installRoot,
            Optional<Path> runningImage,
            Map<String, String> environment,
            InstallLimits limits,
            boolean aotCaches) {
        Objects.requireNonNull(installRoot, "installRoot");
        Objects.requireNonNull(runningImage, "runningImage");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(limits, "limits");
        RegistryUrls urls = RegistryUrls.of(access.registry());
        RegistryHttp http = new RegistryHttp(limits.requestTimeout(), access);
        TarballVerification tarballs = new TarballVerification(urls, http, limits);
        Optional<NpmGlobal> npm =
                runningImage.map(p -> p.toAbsolutePath().normalize()).flatMap(NpmGlobal::detect);
        if (npm.isPresent()) {
            return new NpmGlobalPackageInstaller(
                    tarballs,
                    new NpmRegistryVersionSource(urls, http, DEFAULT_MAX_BYTES),
                    npm.get(),
                    installRoot,
                    environment,
                    limits,
                    aotCaches);
        }
        return new SideBySidePackageInstaller(tarballs, installRoot, runningImage, limits, environment, aotCaches);
    }

    /**
     * Return the install root LAYT-05 names when {@code [install] root} is not set: the folder above
     * {@code versions/} when the running image lives in that layout ({@code {root}/versions/{version}}), otherwise
     * {@code {dataDir}/runtime}, which the first upgrade adopts.
     */
    public static Path defaultInstallRoot(Optional<Path> runningImage, Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        Optional<Path> layoutRoot = runningImage.flatMap(image -> {
            try {
                Path real = image.toRealPath();
                Path parent = real.getParent();
                boolean inLayout = parent != null
                        && parent.getParent() != null
                        && parent.getFileName().toString().equals(InstallRoot.VERSIONS)
                        && Version.tryParse(real.getFileName().toString()).isPresent();
                return inLayout ? Optional.of(parent.getParent()) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
        return layoutRoot.orElseGet(() -> Layout.defaultInstallRoot(dataDir));
    }
}
