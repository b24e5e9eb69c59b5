package io.waiaas.application.port.in;

import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tell an operator what an upgrade would bring before anything changes: the release notes of the versions it
 * passes, when the target was published, the schema change and the required stops (UPGR-B7).
 */
public interface DescribeRelease {

    /**
     * Describe the upgrade from {@code from} to {@code to} as the registry publishes it. Notes are best effort: a
     * version whose notes cannot be read is left out, and only the newest {@link ReleaseNotes#MAX_SHOWN} versions'
     * notes are read.
     *
     * @throws io.waiaas.domain.WaiaasException when the registry cannot be asked about {@code to}
     */
    Details describe(Version from, Version to);

    /**
     * What an upgrade would bring.
     *
     * @param from the installed version
     * @param to the target
     * @param notes the notes of the versions above {@code from} up to {@code to}, newest first
     * @param notesLeftOut how many versions in between were not read (beyond {@link ReleaseNotes#MAX_SHOWN})
     * @param publishedAt when the target was published, if the registry says
     * @param schema the schema range the target declares, if any
     * @param database the schema the database is at, empty for a new or unreadable one
     * @param requiredStops the versions the upgrade must stop at before {@code to}, empty when none
     */
    record Details(
            Version from,
            Version to,
            List<ReleaseNotes> notes,
            int notesLeftOut,
            Optional<Instant> publishedAt,
            Optional<ReleaseSchema> schema,
            Optional<SchemaVersion> database,
            List<Version> requiredStops) {
        public Details {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            notes = List.copyOf(notes);
            Objects.requireNonNull(publishedAt, "publishedAt");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(database, "database");
            requiredStops = List.copyOf(requiredStops);
        }

        /** Tell whether the target migrates the database to a newer schema. */
        public boolean migrates() {
            return schema.isPresent()
                    && database.filter(db -> !db.isBefore(schema.get().schemaVersion()))
                            .isEmpty();
        }
    }
}
