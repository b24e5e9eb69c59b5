package io.waiaas.application.port.out;

import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;

/** Apply the migrations this build ships. */
public interface SchemaMigrator {

    /** Return the newest schema version this build's migrations reach. */
    SchemaVersion latest();

    /** Return the oldest schema version this build can migrate from. */
    SchemaVersion minCompatible();

    /** Migrate the database to {@link #latest()} and return the version it is at afterwards. */
    SchemaVersion migrate();

    /**
     * Say what migrating the database down to {@code target} would do: whether every migration above it can be
     * undone by this build, and what schema {@code target} has no room for (UPGR-B9). Changes nothing.
     *
     * @throws io.waiaas.domain.WaiaasException when there is no database, or it is below {@code target}
     */
    SchemaDowngrade planDowngrade(SchemaVersion target);

    /**
     * Migrate the database down to {@code target} in one transaction, dropping what {@link #planDowngrade} lists.
     *
     * @throws io.waiaas.domain.WaiaasException (exit code 5, nothing changed) when some migration cannot be undone;
     *     when the database cannot be changed, having changed nothing
     */
    SchemaDowngrade downgrade(SchemaVersion target);
}
