package io.waiaas.application.port.out;

import io.waiaas.domain.SchemaVersion;

/** Apply the migrations this build ships. */
public interface SchemaMigrator {

    /** Return the newest schema version this build's migrations reach. */
    SchemaVersion latest();

    /** Return the oldest schema version this build can migrate from. */
    SchemaVersion minCompatible();

    /** Migrate the database to {@link #latest()} and return the version it is at afterwards. */
    SchemaVersion migrate();
}
