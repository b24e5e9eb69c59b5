package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.WaiaasException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link SchemaMigrator} must show. */
public interface SchemaMigratorContract {

    /** Return a database that does not exist yet, with its history and migrator. */
    SchemaFixture freshDatabase();

    /** Return a database whose schema is exactly at {@code version} (possibly beyond this build's latest). */
    SchemaFixture databaseAt(SchemaVersion version);

    @Test
    default void knowsNoLatestBelowItsOldestCompatibleSchema() {
        SchemaMigrator migrator = freshDatabase().migrator();
        assertFalse(migrator.latest().isBefore(migrator.minCompatible()));
    }

    @Test
    default void migratesANewDatabaseToTheLatestSchema() {
        SchemaFixture db = freshDatabase();
        SchemaVersion latest = db.migrator().latest();
        assertEquals(latest, db.migrator().migrate());
        assertEquals(Optional.of(latest), db.history().current());
    }

    @Test
    default void migratingAnUpToDateDatabaseAgainChangesNothing() {
        SchemaFixture db = freshDatabase();
        db.migrator().migrate();
        assertEquals(db.migrator().latest(), db.migrator().migrate());
        assertEquals(Optional.of(db.migrator().latest()), db.history().current());
    }

    @Test
    default void migratesTheOldestCompatibleSchemaToTheLatest() {
        SchemaVersion oldest = freshDatabase().migrator().minCompatible();
        SchemaFixture db = databaseAt(oldest);
        assertEquals(Optional.of(oldest), db.history().current());
        assertEquals(db.migrator().latest(), db.migrator().migrate());
        assertEquals(Optional.of(db.migrator().latest()), db.history().current());
    }

    @Test
    default void refusesADatabaseAheadOfThisBuildAndLeavesItAsItWas() {
        SchemaVersion ahead =
                SchemaVersion.of(freshDatabase().migrator().latest().value() + 1);
        SchemaFixture db = databaseAt(ahead);
        assertThrows(WaiaasException.class, () -> db.migrator().migrate());
        assertEquals(Optional.of(ahead), db.history().current());
    }
}
