package io.waiaas.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decide which published versions waiaas may choose by itself: cooldown ({@code [update] min_release_age}, TRST-03)
 * and recall (deprecated versions, TRST-04). The version check, the notice, range resolution and unattended updates
 * all choose through this rule; an exact {@code --to X.Y.Z} overrides the cooldown (with a note) but not the recall.
 *
 * <p>Pure: the caller passes {@code now}.
 *
 * @param minReleaseAge how old a release must be before it is chosen automatically; zero means no cooldown
 */
public record ReleaseVetting(Duration minReleaseAge) {
    /** No cooldown: only deprecated versions are left out. */
    public static final ReleaseVetting NONE = new ReleaseVetting(Duration.ZERO);

    public ReleaseVetting {
        Objects.requireNonNull(minReleaseAge, "minReleaseAge");
        if (minReleaseAge.isNegative()) {
            throw DomainException.invalid("min_release_age must not be negative: " + minReleaseAge);
        }
    }

    /** Return why {@code v} is too young to be chosen at {@code now}, or empty when the cooldown lets it through. */
    public Optional<String> tooYoung(PublishedVersion v, Instant now) {
        Objects.requireNonNull(v, "v");
        Objects.requireNonNull(now, "now");
        if (minReleaseAge.isZero()) {
            return Optional.empty();
        }
        if (v.publishedAt().isEmpty()) {
            return Optional.of(v.version() + " has no publication time, so its age cannot be told (min_release_age "
                    + Durations.describe(minReleaseAge) + ")");
        }
        Instant eligible = v.publishedAt().get().plus(minReleaseAge);
        if (!now.isBefore(eligible)) {
            return Optional.empty();
        }
        Duration age = Duration.between(v.publishedAt().get(), now);
        return Optional.of(v.version() + " was published "
                + (age.isNegative() ? "in the future" : Durations.describe(age) + " ago")
                + ", younger than min_release_age " + Durations.describe(minReleaseAge) + " (eligible from "
                + eligible + ")");
    }

    /** Return why {@code v} is never chosen automatically at {@code now} (recalled or too young), or empty. */
    public Optional<String> heldBack(PublishedVersion v, Instant now) {
        if (v.isDeprecated()) {
            return Optional.of(deprecation(v));
        }
        return tooYoung(v, now);
    }

    /** Return the one line naming {@code v}'s deprecation, as status, doctor and a refusal show it. */
    public static String deprecation(PublishedVersion v) {
        return v.version() + " is deprecated by the registry: " + v.deprecated().orElse("(no message)");
    }

    /** Return the versions of {@code catalogue} that may be chosen at {@code now}, ascending. */
    public List<Version> eligible(List<PublishedVersion> catalogue, Instant now) {
        return catalogue.stream()
                .filter(v -> heldBack(v, now).isEmpty())
                .map(PublishedVersion::version)
                .sorted()
                .distinct()
                .toList();
    }

    /**
     * Return what waiaas takes a dist-tag pointing at {@code tagged} to mean at {@code now}: {@code tagged} itself
     * when it may be chosen, else the newest eligible version below it (a pre-release only when {@code tagged} is
     * one), else empty.
     */
    public Optional<Version> newestEligibleUpTo(Version tagged, List<PublishedVersion> catalogue, Instant now) {
        Objects.requireNonNull(tagged, "tagged");
        Optional<PublishedVersion> own =
                catalogue.stream().filter(v -> v.version().equals(tagged)).findFirst();
        PublishedVersion self = own.orElse(new PublishedVersion(tagged, Optional.empty(), Optional.empty()));
        if (heldBack(self, now).isEmpty()) {
            return Optional.of(tagged);
        }
        return catalogue.stream()
                .filter(v -> v.version().compareTo(tagged) < 0)
                .filter(v -> !v.version().isPrerelease() || tagged.isPrerelease())
                .filter(v -> heldBack(v, now).isEmpty())
                .map(PublishedVersion::version)
                .max(Comparator.naturalOrder());
    }

    /** Return the entry of {@code catalogue} for {@code version}, or empty. */
    public static Optional<PublishedVersion> find(List<PublishedVersion> catalogue, Version version) {
        return catalogue.stream().filter(v -> v.version().equals(version)).findFirst();
    }
}
