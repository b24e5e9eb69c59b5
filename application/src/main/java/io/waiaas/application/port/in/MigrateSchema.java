package io.waiaas.application.port.in;

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
}
