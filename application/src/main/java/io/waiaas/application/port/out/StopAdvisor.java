package io.waiaas.application.port.out;

import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.util.List;

/**
 * Suggest the published versions that bridge a database too old for this build (CMPT-03, CMPT-B2).
 *
 * <p>Advice only: it is asked while refusing to start, so it must answer quickly and never fail — a registry that
 * is slow, down or silent yields no advice, and the refusal keeps its generic wording.
 */
@FunctionalInterface
public interface StopAdvisor {

    /** An advisor that never knows a route, for builds or commands that do not ask a registry. */
    StopAdvisor NONE = (database, build, latest, minCompatible) -> List.of();

    /**
     * Return the versions to install, in order, so that a database at {@code database} reaches a schema the build
     * {@code build} (which knows schemas {@code minCompatible} to {@code latest}) can migrate from; empty when no
     * such route is known or the registry cannot be asked in time.
     *
     * @param database the schema of the database
     * @param build the version of this build, which the route leads up to (and does not include)
     * @param latest the newest schema this build knows
     * @param minCompatible the oldest schema this build migrates from
     */
    List<Version> route(SchemaVersion database, Version build, SchemaVersion latest, SchemaVersion minCompatible);
}
