package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.domain.SchemaVersion;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link SchemaHistory} must show. */
public interface SchemaHistoryContract {

    /** Return the history of a database that does not exist yet. */
    SchemaHistory newHistory();

    /** Return the history of a database whose schema is exactly at {@code version}, which may be beyond this build. */
    SchemaHistory historyAt(SchemaVersion version);

    @Test
    default void aDatabaseThatDoesNotExistHasNoSchemaVersion() {
        assertEquals(Optional.empty(), newHistory().current());
    }

    @Test
    default void reportsTheVersionTheDatabaseIsAt() {
        assertEquals(
                Optional.of(SchemaVersion.of(1)), historyAt(SchemaVersion.of(1)).current());
    }

    @Test
    default void reportsAVersionNewerThanThisBuildKnows() {
        assertEquals(
                Optional.of(SchemaVersion.of(99)),
                historyAt(SchemaVersion.of(99)).current());
    }

    @Test
    default void readingTwiceGivesTheSameAnswer() {
        SchemaHistory history = newHistory();
        assertEquals(history.current(), history.current());
        SchemaHistory at = historyAt(SchemaVersion.of(1));
        assertEquals(at.current(), at.current());
    }
}
