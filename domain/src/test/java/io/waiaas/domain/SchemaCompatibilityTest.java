package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

    private static final SchemaVersion MIN = SchemaVersion.of(3);
    private static final SchemaVersion LATEST = SchemaVersion.of(5);

    private static SchemaCompatibility decide(int database) {
        return SchemaCompatibility.decide(Optional.of(SchemaVersion.of(database)), MIN, LATEST);
    }

    @Test
    void createsAFreshDatabaseAtTheLatestSchema() {
        SchemaCompatibility result = SchemaCompatibility.decide(Optional.empty(), MIN, LATEST);
        assertEquals(new SchemaCompatibility.Fresh(LATEST), result);
        assertTrue(result.allowsStart());
    }

    @Test
    void runsAsIsWhenTheDatabaseIsAtTheLatestSchema() {
        assertEquals(new SchemaCompatibility.UpToDate(LATEST), decide(5));
        assertTrue(decide(5).allowsStart());
    }

    @Test
    void migratesADatabaseBehindButWithinTheSupportedWindow() {
        assertEquals(new SchemaCompatibility.MigrationRequired(SchemaVersion.of(3), LATEST), decide(3));
        assertEquals(new SchemaCompatibility.MigrationRequired(SchemaVersion.of(4), LATEST), decide(4));
        assertTrue(decide(4).allowsStart());
    }

    @Test
    void refusesToStartWhenDatabaseIsAhead() {
        assertEquals(new SchemaCompatibility.DatabaseAhead(SchemaVersion.of(6), LATEST), decide(6));
        assertFalse(decide(6).allowsStart());
    }

    @Test
    void refusesToStartWhenDatabaseIsOlderThanTheOldestMigratableSchema() {
        assertEquals(new SchemaCompatibility.DatabaseTooOld(SchemaVersion.of(2), MIN), decide(2));
        assertFalse(decide(2).allowsStart());
    }

    @Test
    void rejectsAWindowWhoseMinimumIsAboveTheLatest() {
        assertThrows(
                IllegalArgumentException.class,
                () -> SchemaCompatibility.decide(Optional.empty(), SchemaVersion.of(6), LATEST));
    }
}
