package io.waiaas.application.port.in;

import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;

/** Bring the database to this build's schema while the daemon is stopped ({@code waiaas db migrate}). */
public interface MigrateSchema {

    /**
     * Carry out the compatibility decision offline: create a new database, or back up ({@code pre-migration}) and
     * migrate an older one.
     *
     * @throws io.waiaas.domain.WaiaasException with exit code 5, having written nothing, when the daemon runs or
     *     the database is ahead of this build or older than it can migrate
     */
    MigrationResult migrate();

    /**
     * Say what migrating the database down to {@code target} would do: whether every migration above it can be
     * undone, and what schema {@code target} cannot hold (UPGR-B9). Changes nothing.
     */
    SchemaDowngrade planDowngrade(SchemaVersion target);

    /**
     * Migrate the database down to {@code target} in one transaction while the daemon is stopped
     * ({@code waiaas db downgrade}; the rollback that keeps writes runs it with the version being left).
     *
     * @throws io.waiaas.domain.WaiaasException with exit code 5, having changed nothing, when the daemon runs or
     *     some migration in between cannot be undone
     */
    SchemaDowngrade downgrade(SchemaVersion target);
}
