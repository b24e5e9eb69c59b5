package io.waiaas.application.port.in;

/** Compare the database's schema with this build's, reading only (CMPT-B1, {@code waiaas db status}). */
public interface InspectSchema {

    /** Report the database's schema, this build's range and the compatibility decision; write nothing. */
    SchemaReport status();
}
