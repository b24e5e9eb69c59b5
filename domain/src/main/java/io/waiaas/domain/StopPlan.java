package io.waiaas.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Plan the required stops of an upgrade (CMPT-B2): the versions to install, one after another, to bring a
 * database from its schema to one the target can migrate from; a pure function with a sealed result.
 */
public sealed interface StopPlan {

    /**
     * The versions to upgrade to, in order, ending at the target; one element when the target can migrate the
     * database itself.
     *
     * @param versions the stops, ascending, the last being the target
     */
    record Route(List<Version> versions) implements StopPlan {
        public Route {
            versions = List.copyOf(versions);
            if (versions.isEmpty()) {
                throw DomainException.invalid("a route has at least the target");
            }
        }

        /** Return the final version, the target. */
        public Version target() {
            return versions.getLast();
        }

        /** Tell whether the route passes through intermediate versions before the target. */
        public boolean hasStops() {
            return versions.size() > 1;
        }

        /** Return the route as an operator reads it, such as {@code 1.2.0 → 1.5.0 → 2.0.0}. */
        public String describe() {
            return versions.stream().map(Version::toString).collect(Collectors.joining(" → "));
        }
    }

    /**
     * No sequence of published versions reaches the target.
     *
     * @param reason which schema gap cannot be bridged, in one sentence
     */
    record NoRoute(String reason) implements StopPlan {
        public NoRoute {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * One published version and the schemas its package declares.
     *
     * @param version the published version
     * @param schema its {@code waiaas} block
     */
    record Candidate(Version version, ReleaseSchema schema) {
        public Candidate {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(schema, "schema");
        }

        /** Create the candidate {@code version} declaring {@code schemaVersion} and {@code minCompatible}. */
        public static Candidate of(String version, int schemaVersion, int minCompatible) {
            return new Candidate(Version.parse(version), ReleaseSchema.of(schemaVersion, minCompatible));
        }

        /** Tell whether this version can run on a database at {@code database}, migrating it if needed. */
        boolean accepts(SchemaVersion database) {
            return schema.canMigrateFrom(database) && !schema.schemaVersion().isBefore(database);
        }
    }

    /**
     * Plan the fewest stops from {@code installed} on a database at {@code database} to {@code target}.
     *
     * <p>Only candidates newer than {@code installed} and older than {@code target} serve as stops; {@code target}
     * is the last step. Among routes with the fewest stops, each stop is the newest version that leads on to the
     * target in as few further steps.
     *
     * @param installed the version installed now
     * @param database the schema of the installed database
     * @param target the version to end on, with its schema block
     * @param published the published versions with a schema block, in any order; others are ignored
     */
    static StopPlan plan(Version installed, SchemaVersion database, Candidate target, List<Candidate> published) {
        Objects.requireNonNull(installed, "installed");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(target, "target");
        if (target.schema().schemaVersion().isBefore(database)) {
            return new NoRoute("the database is at schema " + database + ", newer than the schema "
                    + target.schema().schemaVersion() + " that " + target.version() + " knows");
        }
        if (target.accepts(database)) {
            return new Route(List.of(target.version()));
        }
        List<Candidate> stops = published.stream()
                .filter(c -> c.version().compareTo(installed) > 0 && c.version().compareTo(target.version()) < 0)
                .sorted(Comparator.comparing(Candidate::version).reversed())
                .toList();
        // steps.get(c): the fewest upgrades from c (installed, database at its schema) to the target.
        Map<Candidate, Integer> steps = new HashMap<>();
        for (Candidate c : stops) { // newest first: everything c can go on to is newer and already known
            steps.put(c, onward(c, stops, target, steps));
        }
        List<Version> route = new ArrayList<>();
        SchemaVersion schema = database;
        Version at = installed;
        while (true) {
            Candidate next = null;
            int best = Integer.MAX_VALUE;
            for (Candidate c : stops) {
                int s = steps.get(c);
                if (c.version().compareTo(at) > 0 && c.accepts(schema) && s < best) {
                    best = s;
                    next = c;
                }
            }
            if (next == null) {
                return new NoRoute(gap(installed, database, target, stops));
            }
            route.add(next.version());
            schema = next.schema().schemaVersion();
            at = next.version();
            if (target.accepts(schema)) {
                route.add(target.version());
                return new Route(route);
            }
        }
    }

    private static int onward(Candidate from, List<Candidate> stops, Candidate target, Map<Candidate, Integer> steps) {
        SchemaVersion schema = from.schema().schemaVersion();
        if (target.accepts(schema)) {
            return 1;
        }
        int best = Integer.MAX_VALUE;
        for (Candidate c : stops) {
            if (c.version().compareTo(from.version()) > 0 && c.accepts(schema)) {
                int s = steps.get(c);
                if (s != Integer.MAX_VALUE) {
                    best = Math.min(best, s + 1);
                }
            }
        }
        return best;
    }

    private static String gap(Version installed, SchemaVersion database, Candidate target, List<Candidate> stops) {
        SchemaVersion reach = database;
        Version at = installed;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Candidate c : stops.reversed()) {
                if (c.version().compareTo(at) > 0
                        && c.accepts(reach)
                        && reach.isBefore(c.schema().schemaVersion())) {
                    reach = c.schema().schemaVersion();
                    at = c.version();
                    moved = true;
                }
            }
        }
        String reached = reach.equals(database)
                ? "no published version between " + installed + " and " + target.version() + " can migrate it"
                : "the published versions between " + installed + " and " + target.version()
                        + " bring it at most to schema " + reach + " (" + at + ")";
        return target.version() + " migrates only from schema "
                + target.schema().minCompatible()
                + " or later; the database is at schema " + database + " and " + reached
                + ", so no version bridges schema " + reach + " to "
                + target.schema().minCompatible();
    }
}
