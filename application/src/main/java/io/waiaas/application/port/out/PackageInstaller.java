package io.waiaas.application.port.out;

import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;

/**
 * Install released versions of waiaas side by side and switch between them (SPEC UPGR-B1, UPGR-B2).
 *
 * <p>Side by side ({@link InstallMethod#SIDE_BY_SIDE}), each version lives in {@code {installRoot}/versions/{version}/}
 * and a {@code current} symlink names the one that runs; installing never touches the current version, and
 * {@link #activate} switches with one atomic rename. Inside an npm global install ({@link InstallMethod#NPM_GLOBAL}),
 * npm does the install and replaces the package in place.
 *
 * <p>Failures are {@link io.waiaas.domain.WaiaasException}s with a one-line message naming the cause. A package
 * waiaas will not trust (tarball on another host, integrity mismatch, bad, missing or unverifiable signature, an
 * archive entry escaping the package, a decompression bomb) is refused with
 * {@link io.waiaas.domain.ErrorCode#REFUSED}; a registry that cannot be asked, a missing {@code npm}, or a file
 * that cannot be written fails with {@link io.waiaas.domain.ErrorCode#FAILED}. Either way nothing was installed
 * and {@code current} is unchanged.
 */
public interface PackageInstaller {

    /** Return how versions are installed here; decided once, from where the running image lives. */
    InstallMethod method();

    /** Return the version that runs when waiaas is started, or empty when the install root holds none yet. */
    Optional<InstalledVersion> current();

    /** Return every installed version, the current one included, ascending by precedence. */
    List<InstalledVersion> installed();

    /**
     * Check, without downloading the tarball, that {@code release} may be installed: its tarball is served by the
     * registry's own host and, when the registry publishes signing keys, its signatures are valid for keys that
     * were valid when it was published. Changes nothing.
     *
     * @throws io.waiaas.domain.WaiaasException REFUSED when the release must not be installed, FAILED when the
     *     registry's keys cannot be read
     */
    void verify(PackageRelease release);

    /**
     * Download, verify and unpack {@code release} next to the installed versions, without making it current.
     *
     * <p>Runs {@link #verify} first, checks the tarball's {@code dist.integrity} while it streams in, and unpacks it
     * into a staging directory that becomes {@code versions/{version}/} with one rename only once everything
     * checked out. A version already installed (but not current) is replaced. Inside an npm global install, runs
     * {@code npm install -g} instead, which does make it current.
     *
     * @param release the release to install, as the registry describes it
     * @param progress told of the download's progress
     * @return where the version was installed
     * @throws io.waiaas.domain.WaiaasException REFUSED for a package waiaas will not trust, FAILED when it cannot
     *     be fetched or written, or when {@code release} is the current version; nothing changed either way
     */
    InstalledVersion install(PackageRelease release, DownloadProgress progress);

    /**
     * Copy the running image, which lives outside the install root, into it as version {@code running} and make it
     * current, so that the first upgrade leaves a version to go back to (SPEC §1, "adopts"). Does nothing when the
     * install root already has a current version, or inside an npm global install.
     *
     * @return the current version afterwards
     * @throws io.waiaas.domain.WaiaasException FAILED when there is no running image to copy or it cannot be copied
     */
    InstalledVersion adopt(Version running);

    /**
     * Make installed {@code version} the one that runs, with one atomic rename of the {@code current} symlink; the
     * previous version stays installed. Inside an npm global install npm already switched, so this only checks
     * that {@code version} is the installed one.
     *
     * @throws io.waiaas.domain.WaiaasException FAILED when {@code version} is not installed
     */
    void activate(Version version);

    /**
     * Remove the installed versions that are neither current nor among the {@code keepPrevious} highest versions
     * below it (UPGR-B2 keeps two), and return them, highest first. Versions above the current one (left by an
     * upgrade that was rolled back) are removed too. Does nothing inside an npm global install.
     *
     * @throws IllegalArgumentException when {@code keepPrevious} is negative
     */
    List<Version> prune(int keepPrevious);
}
