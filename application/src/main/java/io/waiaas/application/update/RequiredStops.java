package io.waiaas.application.update;

import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.StopPlan;
import io.waiaas.domain.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * Find the required stops of an upgrade (CMPT-B2): read the schema blocks of the published versions between
 * the installed one and the target, and ask the pure {@link StopPlan#plan} for the fewest stops.
 */
public final class RequiredStops {
    private final VersionSource releases;
    private final String packageName;

    /** Plan stops among the published versions of {@code packageName} that {@code releases} lists. */
    public RequiredStops(VersionSource releases, String packageName) {
        this.releases = releases;
        this.packageName = packageName;
    }

    /** Tell whether a database at {@code database} needs stops before {@code target} can migrate it. */
    public static boolean needed(Version from, SchemaVersion database, PackageRelease target) {
        return target.version().compareTo(from) > 0
                && target.schema().isPresent()
                && database.isBefore(target.schema().get().minCompatible());
    }

    /** Plan the route from {@code from}, whose database is at {@code database}, to {@code target}. */
    public StopPlan plan(Version from, SchemaVersion database, PackageRelease target) {
        List<StopPlan.Candidate> candidates = new ArrayList<>();
        for (Version v : releases.versions(packageName)) {
            boolean between = v.compareTo(from) > 0 && v.compareTo(target.version()) < 0;
            if (between && (!v.isPrerelease() || target.version().isPrerelease())) {
                releases.release(packageName, v).schema().ifPresent(s -> candidates.add(new StopPlan.Candidate(v, s)));
            }
        }
        return StopPlan.plan(
                from,
                database,
                new StopPlan.Candidate(target.version(), target.schema().orElseThrow()),
                candidates);
    }
}
