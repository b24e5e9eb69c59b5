package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.SchemaMigrator;
import io.waiaas.domain.SchemaDowngrade;
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

    @Test
    default void migratesTheLatestSchemaDownOneReversibleMigrationAndBackUpAgain() {
        SchemaFixture db = freshDatabase();
        SchemaVersion latest = db.migrator().migrate();
        SchemaVersion below = SchemaVersion.of(latest.value() - 1);
        SchemaDowngrade plan = db.migrator().planDowngrade(below);
        assertTrue(plan.isPossible(), () -> "the build's newest migration must be reversible: " + plan.blocker());
        assertEquals(Optional.of(latest), db.history().current(), "a plan changes nothing");

        SchemaDowngrade done = db.migrator().downgrade(below);
        assertEquals(latest, done.from());
        assertEquals(Optional.of(below), db.history().current());
        assertEquals(latest, db.migrator().migrate(), "the way up again is the normal migration");
    }

    @Test
    default void migratingDownToTheCurrentSchemaChangesNothing() {
        SchemaFixture db = freshDatabase();
        SchemaVersion latest = db.migrator().migrate();
        SchemaDowngrade done = db.migrator().downgrade(latest);
        assertTrue(done.isPossible());
        assertFalse(done.changesSchema());
        assertEquals(Optional.of(latest), db.history().current());
    }

    @Test
    default void refusesToMigrateDownASchemaWrittenByANewerReleaseAndChangesNothing() {
        SchemaVersion ahead =
                SchemaVersion.of(freshDatabase().migrator().latest().value() + 1);
        SchemaFixture db = databaseAt(ahead);
        SchemaVersion latest = db.migrator().latest();
        assertFalse(db.migrator().planDowngrade(latest).isPossible());
        assertThrows(WaiaasException.class, () -> db.migrator().downgrade(latest));
        assertEquals(Optional.of(ahead), db.history().current());
    }

    @Test
    default void refusesToMigrateDownToANewerSchema() {
        SchemaFixture db = freshDatabase();
        SchemaVersion latest = db.migrator().migrate();
        assertThrows(WaiaasException.class, () -> db.migrator().planDowngrade(SchemaVersion.of(latest.value() + 1)));
        assertEquals(Optional.of(latest), db.history().current());
    }
}
