package io.waiaas.application.port.out;

import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;

/**
 * Install released versions of waiaas and switch between them (UPGR-B1, UPGR-B2), in whichever way this
 * installation is kept: side by side in an install root (each version in {@code {installRoot}/versions/{version}/},
 * a {@code current} symlink naming the one that runs, switched with one atomic rename), or inside npm's global
 * install, which npm replaces in place. The use case never asks which: each operation does what its name says for
 * the install mode at hand.
 *
 * <p>Failures are {@link io.waiaas.domain.WaiaasException}s with a one-line message naming the cause. A package
 * waiaas will not trust (tarball on another host, integrity mismatch, bad, missing or unverifiable signature, an
 * archive entry escaping the package, a decompression bomb) is refused with
 * {@link io.waiaas.domain.ErrorCode#REFUSED}; a registry that cannot be asked, a missing {@code npm}, or a file
 * that cannot be written fails with {@link io.waiaas.domain.ErrorCode#FAILED}. Either way nothing was installed
 * and {@code current} is unchanged.
 */
public interface PackageInstaller {

    /** Return the version that runs when waiaas is started, or empty when the install root holds none yet. */
    Optional<InstalledVersion> current();

    /** Return every installed version, the current one included, ascending by precedence. */
    List<InstalledVersion> installed();

    /**
     * Check, without downloading the tarball, that {@code release} may be installed: its tarball is served by the
     * registry's own host and, when the registry publishes signing keys, its signatures are valid for keys that
     * were valid when it was published. Changes nothing.
     *
     * @return what was verified: the signatures, or that the registry publishes no signing keys (then the
     *     integrity, checked while the tarball streams in, is all there is)
     * @throws io.waiaas.domain.WaiaasException REFUSED when the release must not be installed (also an unsigned
     *     release where signatures are required), FAILED when the registry's keys cannot be read
     */
    Verification verify(PackageRelease release);

    /**
     * Check {@code release} as {@link #verify} does and, where the installed version trusts publisher keys, also its
     * contents (TRST-B1): download and unpack it into a scratch folder and check the publisher's signed manifest,
     * every file against it and the signing key against the installed version's keys. Changes nothing installed; an
     * upgrade calls it before it stops anything, so a release the publisher did not sign is refused with exit 5.
     *
     * @return what was verified, with the publisher key that signed the release when it was checked
     * @throws io.waiaas.domain.WaiaasException REFUSED when the release must not be installed, FAILED when it cannot
     *     be fetched
     */
    default Verification verifyPackage(PackageRelease release) {
        return verify(release);
    }

    /**
     * Download, verify and install {@code release}, ready to run.
     *
     * <p>Runs {@link #verify} first and checks the tarball's {@code dist.integrity} while it streams in. Side by
     * side, the package is unpacked into a staging directory that becomes {@code versions/{version}/} with one rename
     * once everything checked out, and is not made current; a version already installed (but not current) is
     * replaced. Inside npm's global install, npm installs it in place, which makes it current.
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
     * current, so that the first upgrade leaves a version to go back to (LAYT-05, "adopts"). Does nothing when the
     * install root already has a current version, or inside npm's global install.
     *
     * @return the current version afterwards
     * @throws io.waiaas.domain.WaiaasException FAILED when there is no running image to copy or it cannot be copied
     */
    InstalledVersion adopt(Version running);

    /**
     * Make installed {@code version} the one that runs, with one atomic rename of the {@code current} symlink; the
     * previous version stays installed. Inside npm's global install, npm already switched when it installed, so this
     * only checks that {@code version} is the installed one.
     *
     * @throws io.waiaas.domain.WaiaasException FAILED when {@code version} is not installed
     */
    void activate(Version version);

    /**
     * Make {@code previous} the version that runs again, after an upgrade away from it failed or is rolled back:
     * side by side, switch {@code current} back; inside npm's global install, install {@code previous} again when
     * npm holds another version. Does nothing when {@code previous} runs already.
     *
     * @throws io.waiaas.domain.WaiaasException FAILED when {@code previous} cannot be brought back (no longer
     *     installed, or npm failed); {@code current} is then unchanged
     */
    void restore(Version previous);

    /**
     * Tell whether {@link #restore} can bring {@code previous} back: side by side, whether it is still installed;
     * inside npm's global install, whether npm can install it. Changes nothing.
     */
    boolean canRestore(Version previous);

    /**
     * Make sure {@link #restore} can bring {@code version} back without the network, before anything is stopped:
     * side by side, {@code version} stays installed (or is the running image the first upgrade adopts), so nothing
     * is needed; inside npm's global install, npm keeps only the installed version, so {@code version}'s package is
     * downloaded and verified once, kept in the install root ({@code kept/}), and {@code restore} installs that file
     * with npm offline. Never throws.
     *
     * @return empty when {@code restore(version)} needs no network now; otherwise why it cannot be held (the
     *     registry cannot be reached and nothing is kept, say), one line
     */
    Optional<String> holdForRestore(Version version);

    /**
     * Spell out, for an operator at a shell, how to make {@code previous} the version that runs again by hand: the
     * install mode's own commands, one step per line, with the paths of this installation.
     */
    List<String> manualSteps(Version previous);

    /**
     * Remove the installed versions that are neither current nor among the {@code keepPrevious} highest versions
     * below it (UPGR-B2 keeps two), and return them, highest first. Versions above the current one (left by an
     * upgrade that was rolled back) are removed too. Does nothing inside npm's global install.
     *
     * @throws IllegalArgumentException when {@code keepPrevious} is negative
     */
    List<Version> prune(int keepPrevious);
}
