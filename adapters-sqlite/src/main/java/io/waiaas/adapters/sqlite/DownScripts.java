package io.waiaas.adapters.sqlite;

import io.waiaas.domain.SchemaVersion;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The down scripts of a set of migrations: the build's own ({@link Migrations#downScripts()}), or a test's.
 *
 * @param latest the newest schema the set's migrations reach; anything above it is unknown to the set
 * @param scripts the down script of each reversible migration, by version; a version missing is irreversible
 */
record DownScripts(SchemaVersion latest, Map<Integer, String> scripts) {

    DownScripts {
        Objects.requireNonNull(latest, "latest");
        scripts = Map.copyOf(scripts);
    }

    /** Return why migration {@code version} cannot be undone by this set, or empty when it can. */
    Optional<String> blocker(int version) {
        if (version > latest.value()) {
            return Optional.of("schema " + version + " was written by a newer release than this one (schema " + latest
                    + "), which alone knows how to undo it");
        }
        if (!scripts.containsKey(version)) {
            return Optional.of("migration " + version + " is irreversible (it has no down script)");
        }
        return Optional.empty();
    }

    /** Return the down script of migration {@code version}, which {@link #blocker} says exists. */
    String script(int version) {
        return Objects.requireNonNull(scripts.get(version), () -> "no down script for migration " + version);
    }
}
