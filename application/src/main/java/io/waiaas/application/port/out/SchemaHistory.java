package io.waiaas.application.port.out;

import io.waiaas.domain.SchemaVersion;
import java.util.Optional;

/** Read the schema version a database is at, without changing or migrating it. */
public interface SchemaHistory {

    /** Return the highest successfully applied schema version, or empty for a new or empty database. */
    Optional<SchemaVersion> current();
}
