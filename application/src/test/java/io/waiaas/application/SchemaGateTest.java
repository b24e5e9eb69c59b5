package io.waiaas.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.testkit.FakeSchemaMigrator;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.WaiaasException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gate of a build that knows schemas 2 to 4. */
class SchemaGateTest {
    private static final SchemaVersion MIN = SchemaVersion.of(2);
    private static final SchemaVersion LATEST = SchemaVersion.of(4);

    private final InMemorySchemaHistory history = new InMemorySchemaHistory();
    private final FakeSchemaMigrator migrator = new FakeSchemaMigrator(history, MIN, LATEST);
    private final SchemaGate gate = new SchemaGate(history, migrator);

    @Test
    void createsANewDatabaseAtTheLatestSchema() {
        assertEquals(new SchemaCompatibility.Fresh(LATEST), gate.decide());
        assertEquals(new SchemaCompatibility.Fresh(LATEST), gate.prepareForStart());
        assertEquals(Optional.of(LATEST), history.current());
        assertEquals(1, migrator.migrations());
    }

    @Test
    void leavesADatabaseAtTheLatestSchemaAlone() {
        history.moveTo(LATEST);
        assertEquals(new SchemaCompatibility.UpToDate(LATEST), gate.prepareForStart());
        assertEquals(0, migrator.migrations());
    }

    @Test
    void migratesADatabaseBehindThisBuild() {
        history.moveTo(SchemaVersion.of(3));
        assertEquals(new SchemaCompatibility.MigrationRequired(SchemaVersion.of(3), LATEST), gate.prepareForStart());
        assertEquals(Optional.of(LATEST), history.current());
        assertEquals(1, migrator.migrations());
    }

    @Test
    void migratesADatabaseAtTheOldestSchemaItCanMigrate() {
        history.moveTo(MIN);
        assertEquals(new SchemaCompatibility.MigrationRequired(MIN, LATEST), gate.prepareForStart());
        assertEquals(Optional.of(LATEST), history.current());
    }

    @Test
    void refusesADatabaseAheadOfThisBuildWithExitFiveTouchingNothing() {
        history.moveTo(SchemaVersion.of(5));
        assertEquals(new SchemaCompatibility.DatabaseAhead(SchemaVersion.of(5), LATEST), gate.decide());

        WaiaasException e = assertThrows(WaiaasException.class, gate::prepareForStart);

        assertEquals(ErrorCode.REFUSED, e.code());
        assertMentions(e, "schema 5", "schema 4", "waiaas upgrade");
        assertEquals(Optional.of(SchemaVersion.of(5)), history.current());
        assertEquals(0, migrator.migrations());
    }

    @Test
    void refusesADatabaseTooOldToMigrateWithExitFiveTouchingNothing() {
        history.moveTo(SchemaVersion.of(1));
        assertEquals(new SchemaCompatibility.DatabaseTooOld(SchemaVersion.of(1), MIN), gate.decide());

        WaiaasException e = assertThrows(WaiaasException.class, gate::prepareForStart);

        assertEquals(ErrorCode.REFUSED, e.code());
        assertMentions(e, "schema 1", "(2)", "waiaas upgrade");
        assertEquals(Optional.of(SchemaVersion.of(1)), history.current());
        assertEquals(0, migrator.migrations());
    }

    @Test
    void decidingWritesNothing() {
        assertEquals(new SchemaCompatibility.Fresh(LATEST), gate.decide());
        history.moveTo(SchemaVersion.of(3));
        assertEquals(new SchemaCompatibility.MigrationRequired(SchemaVersion.of(3), LATEST), gate.decide());
        assertEquals(Optional.of(SchemaVersion.of(3)), history.current());
        assertEquals(0, migrator.migrations());
    }

    @Test
    void tellsTheLatestSchemaOfThisBuild() {
        assertEquals(LATEST, gate.latest());
    }

    private static void assertMentions(WaiaasException e, String... parts) {
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention " + part);
        }
    }
}
