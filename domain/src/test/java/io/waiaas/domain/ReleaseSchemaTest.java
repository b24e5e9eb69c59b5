package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReleaseSchemaTest {

    @Test
    void migratesFromItsMinimumUpToItsSchema() {
        ReleaseSchema schema = ReleaseSchema.of(5, 3);
        assertFalse(schema.canMigrateFrom(SchemaVersion.of(2)));
        assertTrue(schema.canMigrateFrom(SchemaVersion.of(3)));
        assertTrue(schema.canMigrateFrom(SchemaVersion.of(5)));
    }

    @Test
    void refusesAMinimumAboveTheSchema() {
        DomainException e = assertThrows(DomainException.class, () -> ReleaseSchema.of(2, 3));
        assertTrue(e.getMessage().contains("minCompatibleSchemaVersion 3"), e.getMessage());
    }

    @Test
    void acceptsAReleaseThatCanMigrateOnlyFromItsOwnSchema() {
        assertEquals(SchemaVersion.of(4), ReleaseSchema.of(4, 4).minCompatible());
    }
}
