package io.waiaas.application.testkit;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.PackageSignature;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Install releases from {@link PublishedPackages} in memory, checking integrity and signatures as the real
 * installer does; the verified fake of {@link PackageInstaller}. Archive contents are not looked at.
 *
 * <p>Side by side it keeps every installed version and a current pointer; as an npm global install it holds one
 * version, which {@code install} replaces. Tests can make the next install fail and read what was done.
 */
public final class FakePackageInstaller implements PackageInstaller {
    /** Where the fake pretends versions are installed. */
    public static final String ROOT = "/fake/waiaas";
    /** The registry host the fake downloads from; other tarball URLs are refused. */
    public static final String REGISTRY = "https://registry.invalid/";

    /** How the fake keeps versions, as the two real installers do. */
    public enum Mode {
        /** Every version kept in the install root, one of them current. */
        SIDE_BY_SIDE,
        /** One version, replaced in place by each install, as npm's global install does. */
        NPM_GLOBAL
    }

    private final PublishedPackages published;
    private final Mode method;
    private final Failures failures = new Failures();
    private final TreeMap<Version, InstalledVersion> installed = new TreeMap<>();
    private final List<String> log = new ArrayList<>();
    private Optional<Version> current = Optional.empty();
    private String packageName = "@waiaas/cli";
    private Optional<RuntimeException> nextInstallFailure = Optional.empty();
    private final java.util.Set<Version> kept = new java.util.TreeSet<>();
    private boolean registryReachable = true;

    /** Create an empty side-by-side install root fed by {@code published}. */
    public FakePackageInstaller(PublishedPackages published) {
        this(published, Mode.SIDE_BY_SIDE);
    }

    /** Create an empty install root of kind {@code method} fed by {@code published}. */
    public FakePackageInstaller(PublishedPackages published, Mode method) {
        this.published = Objects.requireNonNull(published, "published");
        this.method = Objects.requireNonNull(method, "method");
    }

    /** Make the next {@link #install} throw {@code failure} after verifying, with nothing installed. */
    public synchronized void failNextInstallWith(RuntimeException failure) {
        nextInstallFailure = Optional.of(failure);
    }

    /**
     * Make the registry reachable or not, as a stopped registry or a cut network does: installs and the npm global
     * {@link #holdForRestore} then fail, while a package kept before still installs (npm offline).
     */
    public synchronized void registryReachable(boolean reachable) {
        registryReachable = reachable;
    }

    /** Forget every kept package, as an install upgraded before packages were kept has none. */
    public synchronized void forgetKept() {
        kept.clear();
    }

    /** Return the versions whose package is kept for an offline {@link #restore} (npm global), ascending. */
    public synchronized List<Version> kept() {
        return List.copyOf(kept);
    }

    /** Return the failures its operations throw on demand: {@code "restore"}, {@code "activate"}, {@code "adopt"}. */
    public Failures failures() {
        return failures;
    }

    /** Return what was done so far, oldest first: {@code install 1.1.0}, {@code activate 1.1.0}, {@code prune 2}... */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public synchronized Optional<InstalledVersion> current() {
        return current.map(installed::get);
    }

    @Override
    public synchronized List<InstalledVersion> installed() {
        return List.copyOf(installed.values());
    }

    @Override
    public Verification verify(PackageRelease release) {
        if (!release.tarballUrl().startsWith(REGISTRY)) {
            throw ApplicationException.refused(release.id() + ": the tarball is not on the registry's host ("
                    + release.tarballUrl() + "), refused");
        }
        Optional<List<RegistryKey>> keys = published.keys().filter(k -> !k.isEmpty());
        if (keys.isEmpty()) {
            return new Verification.Unsigned();
        }
        if (release.signatures().isEmpty()) {
            throw ApplicationException.refused(
                    release.id() + " is not signed although the registry publishes signing keys, refused");
        }
        for (PackageSignature signature : release.signatures()) {
            RegistryKey key = keys.get().stream()
                    .filter(k -> k.keyId().equals(signature.keyId()))
                    .findFirst()
                    .orElseThrow(() -> ApplicationException.refused(release.id() + " is signed with key "
                            + signature.keyId() + ", which the registry does not publish, refused"));
            if (key.expires().isPresent()) {
                Instant publishedAt = release.publishedAt()
                        .orElseThrow(() -> ApplicationException.refused(
                                release.id() + ": the registry gives no publish time, so the expiry of key "
                                        + key.keyId() + " cannot be judged, refused"));
                if (!publishedAt.isBefore(key.expires().get())) {
                    throw ApplicationException.refused(release.id() + " is signed with key " + key.keyId()
                            + ", which expired at " + key.expires().get() + ", before the version was published at "
                            + publishedAt + ", refused");
                }
            }
            if (!verifies(key, release.id() + ":" + release.integrity(), signature.signature())) {
                throw ApplicationException.refused(
                        release.id() + ": the registry signature by key " + key.keyId() + " does not verify, refused");
            }
        }
        return new Verification.Signed(
                release.signatures().stream().map(PackageSignature::keyId).toList());
    }

    @Override
    public synchronized InstalledVersion install(PackageRelease release, DownloadProgress progress) {
        verify(release);
        if (!registryReachable) {
            throw ApplicationException.failed("could not reach the npm registry at " + REGISTRY);
        }
        if (method == Mode.SIDE_BY_SIDE
                && current.filter(release.version()::equals).isPresent()) {
            throw ApplicationException.failed(
                    release.version() + " is the current version; it cannot be" + " reinstalled while current");
        }
        byte[] expected = sha512Of(release);
        byte[] bytes = published
                .find(release.packageName())
                .flatMap(p -> p.servedTarball(release.version().toString()))
                .orElseThrow(() -> ApplicationException.failed(
                        "npm registry answered HTTP 404 (GET " + release.tarballUrl() + ")"));
        for (int sent = 0; sent < bytes.length; ) {
            sent = Math.min(bytes.length, sent + 16 * 1024);
            progress.update(sent, OptionalLong.of(bytes.length));
        }
        if (!Arrays.equals(expected, digest(bytes))) {
            throw ApplicationException.refused(
                    release.id() + ": the downloaded tarball does not match its integrity (sha512), refused");
        }
        if (nextInstallFailure.isPresent()) {
            RuntimeException failure = nextInstallFailure.get();
            nextInstallFailure = Optional.empty();
            throw failure;
        }
        InstalledVersion version = at(release.version());
        packageName = release.packageName();
        if (method == Mode.NPM_GLOBAL) {
            installed.clear();
            current = Optional.of(release.version());
        }
        installed.put(release.version(), version);
        log.add("install " + release.version());
        return version;
    }

    @Override
    public synchronized InstalledVersion adopt(Version running) {
        failures.check("adopt");
        if (current.isPresent()) {
            return installed.get(current.get());
        }
        InstalledVersion version = at(running);
        installed.put(running, version);
        current = Optional.of(running);
        log.add("adopt " + running);
        return version;
    }

    @Override
    public synchronized void activate(Version version) {
        failures.check("activate");
        if (!installed.containsKey(version)) {
            throw ApplicationException.failed("version " + version + " is not installed, so it cannot be made current");
        }
        current = Optional.of(version);
        log.add("activate " + version);
    }

    @Override
    public synchronized void restore(Version previous) {
        failures.check("restore");
        if (current.filter(previous::equals).isPresent()) {
            return;
        }
        if (method == Mode.NPM_GLOBAL) {
            if (kept.contains(previous)) {
                // npm install -g --offline of the kept file: no registry needed.
                installed.clear();
                installed.put(previous, at(previous));
                current = Optional.of(previous);
                log.add("install kept " + previous);
                return;
            }
            // As npm does, ask the registry again for the version to put back.
            install(new InMemoryVersionSource(published).release(packageName, previous), DownloadProgress.NONE);
            return;
        }
        if (current.isEmpty() && !installed.containsKey(previous)) {
            return; // nothing was installed side by side: the running build is previous
        }
        activate(previous);
    }

    @Override
    public synchronized boolean canRestore(Version previous) {
        return method == Mode.NPM_GLOBAL || installed.containsKey(previous);
    }

    @Override
    public synchronized Optional<String> holdForRestore(Version version) {
        if (method == Mode.SIDE_BY_SIDE) {
            return installed.containsKey(version) || current.isEmpty()
                    ? Optional.empty()
                    : Optional.of(version + " is no longer installed in " + ROOT);
        }
        if (kept.contains(version)) {
            return Optional.empty();
        }
        if (!registryReachable) {
            return Optional.of("could not reach the npm registry at " + REGISTRY + " to keep " + version);
        }
        try {
            PackageRelease release = new InMemoryVersionSource(published).release(packageName, version);
            verify(release);
        } catch (RuntimeException e) {
            return Optional.of("could not keep " + version + ": " + e.getMessage());
        }
        kept.add(version);
        log.add("keep " + version);
        return Optional.empty();
    }

    @Override
    public synchronized List<String> manualSteps(Version previous) {
        return method == Mode.NPM_GLOBAL
                ? List.of("reinstall " + previous + " with npm: npm install -g "
                        + (kept.contains(previous)
                                ? "--offline " + ROOT + "/kept/" + previous + ".tgz"
                                : packageName + "@" + previous))
                : List.of("make " + previous + " current again: ln -sfn "
                        + at(previous).home() + " " + ROOT + "/current");
    }

    @Override
    public synchronized List<Version> prune(int keepPrevious) {
        if (keepPrevious < 0) {
            throw new IllegalArgumentException("keepPrevious must not be negative: " + keepPrevious);
        }
        if (method == Mode.NPM_GLOBAL || current.isEmpty()) {
            return List.of();
        }
        Version now = current.get();
        List<Version> below = new ArrayList<>(installed.headMap(now, false).descendingKeySet());
        List<Version> removed = new ArrayList<>(installed.tailMap(now, false).descendingKeySet());
        removed.addAll(below.subList(Math.min(keepPrevious, below.size()), below.size()));
        removed.forEach(installed::remove);
        log.add("prune " + keepPrevious);
        return List.copyOf(removed);
    }

    private static InstalledVersion at(Version version) {
        String home = ROOT + "/versions/" + version;
        return new InstalledVersion(version, home, home + "/bin/waiaas");
    }

    private static byte[] sha512Of(PackageRelease release) {
        for (String part : release.integrity().strip().split("\\s+")) {
            if (part.startsWith("sha512-")) {
                try {
                    return Base64.getDecoder()
                            .decode(part.substring("sha512-".length()).replaceAll("\\?.*$", ""));
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
        }
        throw ApplicationException.refused(
                release.id() + ": the registry gives no sha512 integrity for the tarball," + " refused");
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean verifies(RegistryKey key, String message, String signatureBase64) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key.keyPair().getPublic());
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
