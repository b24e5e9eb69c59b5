package io.waiaas.application.update;

import io.waiaas.application.port.in.DescribeRelease;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.StopPlan;
import io.waiaas.domain.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Describe an upgrade from what the registry publishes about the versions it passes (UPGR-B7). */
public final class ReleaseDescriber implements DescribeRelease {
    private final VersionSource releases;
    private final String packageName;
    private final SchemaHistory schema;

    /** Describe upgrades of {@code packageName} as {@code releases} publishes them, for the database {@code schema}. */
    public ReleaseDescriber(VersionSource releases, String packageName, SchemaHistory schema) {
        this.releases = Objects.requireNonNull(releases, "releases");
        this.packageName = Objects.requireNonNull(packageName, "packageName");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    @Override
    public Details describe(Version from, Version to) {
        PackageRelease target = releases.release(packageName, to);
        List<Version> passed = releases.versions(packageName).stream()
                .filter(v -> ReleaseNotes.passes(v, from, to))
                .sorted(Comparator.reverseOrder())
                .toList();
        // What the target carries first (a package file carries its whole changelog), then each version passed
        // that it does not cover, newest first, as far as MAX_SHOWN.
        List<ReleaseNotes> known = new ArrayList<>(to.compareTo(from) > 0 ? target.notes() : List.of());
        for (Version v : passed.subList(0, Math.min(passed.size(), ReleaseNotes.MAX_SHOWN))) {
            if (known.stream().noneMatch(n -> n.version().equals(v))) {
                known.addAll(notesOf(v));
            }
        }
        List<ReleaseNotes> notes = ReleaseNotes.between(known, from, to);
        Optional<SchemaVersion> database = database();
        List<Version> stops = List.of();
        if (database.isPresent() && RequiredStops.needed(from, database.get(), target)) {
            if (new RequiredStops(releases, packageName).plan(from, database.get(), target)
                    instanceof StopPlan.Route route) {
                stops = route.versions().subList(0, route.versions().size() - 1);
            }
        }
        return new Details(
                from,
                to,
                notes,
                Math.max(0, passed.size() - ReleaseNotes.MAX_SHOWN),
                target.publishedAt(),
                target.schema(),
                database,
                stops);
    }

    private List<ReleaseNotes> notesOf(Version version) {
        try {
            return releases.release(packageName, version).notes();
        } catch (RuntimeException e) {
            return List.of(); // notes are for reading: one unreadable version does not hide the others
        }
    }

    private Optional<SchemaVersion> database() {
        try {
            return schema.current();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
