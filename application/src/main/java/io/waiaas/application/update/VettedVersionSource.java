package io.waiaas.application.update;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.PublishedVersion;
import io.waiaas.domain.ReleaseVetting;
import io.waiaas.domain.Version;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Show a registry through the release rules of this installation (TRST-03, TRST-04): what waiaas chooses by itself
 * — a dist-tag's target, the versions a range or a route of required stops is resolved against — leaves out
 * deprecated versions and, under {@code [update] min_release_age}, versions younger than that; a dist-tag pointing
 * at one is taken to mean the newest older version that qualifies. {@link #release} of a deprecated version is
 * refused (exit 5) unless {@code --allow-deprecated} was given; a version too young is still described, so that
 * {@code --to X.Y.Z} naming it exactly overrides the cooldown ({@link TargetResolver}).
 *
 * <p>A decorator, not an adapter: the decisions are {@link ReleaseVetting}'s, the answers the registry's.
 */
public final class VettedVersionSource implements VersionSource {
    private final VersionSource registry;
    private final ReleaseVetting vetting;
    private final boolean allowDeprecated;
    private final InstantSource clock;

    /**
     * Show {@code registry} through {@code vetting} at the time {@code clock} tells; {@code allowDeprecated} lets
     * {@link #release} describe a deprecated version (an explicit {@code --allow-deprecated}).
     */
    public VettedVersionSource(
            VersionSource registry, ReleaseVetting vetting, boolean allowDeprecated, InstantSource clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.vetting = Objects.requireNonNull(vetting, "vetting");
        this.allowDeprecated = allowDeprecated;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Version distTag(String packageName, String tag) {
        Version tagged = registry.distTag(packageName, tag);
        List<PublishedVersion> catalogue = registry.catalogue(packageName);
        return vetting.newestEligibleUpTo(tagged, catalogue, clock.instant())
                .orElseThrow(() -> ApplicationException.failed(packageName + "@" + tag + " is " + tagged
                        + ", which is held back ("
                        + ReleaseVetting.find(catalogue, tagged)
                                .flatMap(v -> vetting.heldBack(v, clock.instant()))
                                .orElse("not in the registry's list of versions")
                        + ") and no older release qualifies"));
    }

    @Override
    public List<Version> versions(String packageName) {
        return vetting.eligible(registry.catalogue(packageName), clock.instant());
    }

    @Override
    public PackageRelease release(String packageName, Version version) {
        PackageRelease release = registry.release(packageName, version);
        if (release.deprecated().isPresent() && !allowDeprecated) {
            throw ApplicationException.refused(ReleaseVetting.deprecation(release.published())
                    + "; nothing was changed (add --allow-deprecated to install it anyway)");
        }
        return release;
    }

    @Override
    public List<PublishedVersion> catalogue(String packageName) {
        return registry.catalogue(packageName);
    }

    /**
     * Return the note of an exact target the cooldown would hold back (see
     * {@link io.waiaas.application.port.in.CheckForUpdates#exactTargetNote}), or empty.
     */
    Optional<String> exactTargetNote(String packageName, String spec) {
        Optional<Version> exact = Version.tryParse(spec.strip());
        if (exact.isEmpty()) {
            return Optional.empty();
        }
        return ReleaseVetting.find(registry.catalogue(packageName), exact.get())
                .filter(v -> !v.isDeprecated())
                .flatMap(v -> vetting.tooYoung(v, clock.instant()))
                .map(why -> "note: " + why + "; installing it because --to names it exactly");
    }
}
