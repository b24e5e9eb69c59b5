package io.waiaas.domain;

import java.util.Objects;

/**
 * Describe the database schemas a published release works with, as the {@code waiaas} block of its package.json
 * declares them (CMPT-B2): the schema its migrations reach and the oldest schema it can migrate from.
 *
 * @param schemaVersion the newest schema the release's migrations reach ({@code schemaVersion})
 * @param minCompatible the oldest schema the release can migrate from ({@code minCompatibleSchemaVersion})
 */
public record ReleaseSchema(SchemaVersion schemaVersion, SchemaVersion minCompatible) {

    public ReleaseSchema {
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(minCompatible, "minCompatible");
        if (schemaVersion.isBefore(minCompatible)) {
            throw DomainException.invalid(
                    "minCompatibleSchemaVersion " + minCompatible + " is above schemaVersion " + schemaVersion);
        }
    }

    /** Create the schema block {@code schemaVersion} / {@code minCompatible}. */
    public static ReleaseSchema of(int schemaVersion, int minCompatible) {
        return new ReleaseSchema(SchemaVersion.of(schemaVersion), SchemaVersion.of(minCompatible));
    }

    /** Tell whether this release can migrate a database at schema {@code database} without an intermediate stop. */
    public boolean canMigrateFrom(SchemaVersion database) {
        return !database.isBefore(minCompatible);
    }
}
