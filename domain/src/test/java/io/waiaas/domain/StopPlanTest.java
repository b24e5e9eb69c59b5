package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.domain.StopPlan.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopPlanTest {
    private static final Version INSTALLED = Version.parse("1.0.0");
    private static final Candidate TARGET = Candidate.of("2.0.0", 6, 5);

    private static StopPlan plan(int database, Candidate target, Candidate... published) {
        return StopPlan.plan(INSTALLED, SchemaVersion.of(database), target, List.of(published));
    }

    private static List<String> route(StopPlan plan) {
        return assertInstanceOf(StopPlan.Route.class, plan).versions().stream()
                .map(Version::toString)
                .toList();
    }

    @Test
    void walksTheIssuesExampleThroughTwoStops() {
        StopPlan plan = plan(2, TARGET, Candidate.of("1.2.0", 3, 1), Candidate.of("1.5.0", 5, 3));
        assertEquals(List.of("1.2.0", "1.5.0", "2.0.0"), route(plan));
        assertEquals("1.2.0 → 1.5.0 → 2.0.0", ((StopPlan.Route) plan).describe());
        assertTrue(((StopPlan.Route) plan).hasStops());
    }

    @Test
    void goesStraightToTheTargetWhenItCanMigrateTheDatabase() {
        StopPlan plan = plan(5, TARGET, Candidate.of("1.2.0", 3, 1), Candidate.of("1.5.0", 5, 3));
        assertEquals(List.of("2.0.0"), route(plan));
        assertFalse(((StopPlan.Route) plan).hasStops());
    }

    @Test
    void goesStraightToTheTargetWithNoOtherReleasesKnown() {
        assertEquals(List.of("2.0.0"), route(plan(6, TARGET)));
    }

    @Test
    void choosesTheNewestStopThatCanMigrateTheDatabase() {
        StopPlan plan =
                plan(3, TARGET, Candidate.of("1.5.0", 5, 3), Candidate.of("1.6.0", 5, 3), Candidate.of("1.7.0", 5, 4));
        assertEquals(List.of("1.6.0", "2.0.0"), route(plan));
    }

    @Test
    void prefersFewerStopsOverANewerFirstStop() {
        // 1.8.0 can take schema 2 but only to 3, needing a further stop; 1.3.0 reaches 5 at once.
        StopPlan plan =
                plan(2, TARGET, Candidate.of("1.3.0", 5, 2), Candidate.of("1.8.0", 3, 2), Candidate.of("1.9.0", 5, 3));
        assertEquals(List.of("1.3.0", "2.0.0"), route(plan));
    }

    @Test
    void ignoresVersionsNotNewerThanTheInstalledOne() {
        StopPlan plan = plan(2, TARGET, Candidate.of("0.9.0", 5, 1), Candidate.of("1.0.0", 5, 1));
        assertInstanceOf(StopPlan.NoRoute.class, plan);
    }

    @Test
    void ignoresVersionsNewerThanTheTarget() {
        StopPlan plan = plan(2, TARGET, Candidate.of("2.1.0", 5, 1), Candidate.of("3.0.0", 9, 1));
        assertInstanceOf(StopPlan.NoRoute.class, plan);
    }

    @Test
    void neverStopsAtAVersionWhoseSchemaIsBehindTheDatabase() {
        // 1.1.0 would accept schema 4 by its minimum but knows only schema 3: it would refuse the database.
        StopPlan plan = plan(4, TARGET, Candidate.of("1.1.0", 3, 1), Candidate.of("1.4.0", 5, 4));
        assertEquals(List.of("1.4.0", "2.0.0"), route(plan));
    }

    @Test
    void stopsAscendByVersion() {
        // 1.6.0 brings schema 4, and only the older 1.3.0 goes from 4 to 5: no downgrade, no route.
        StopPlan plan = plan(2, TARGET, Candidate.of("1.3.0", 5, 4), Candidate.of("1.6.0", 4, 2));
        assertInstanceOf(StopPlan.NoRoute.class, plan);
    }

    @Test
    void explainsTheGapWhenTheNeededIntermediateIsMissing() {
        StopPlan plan = plan(2, TARGET, Candidate.of("1.2.0", 3, 1));
        String reason = assertInstanceOf(StopPlan.NoRoute.class, plan).reason();
        assertEquals(
                "2.0.0 migrates only from schema 5 or later; the database is at schema 2 and the published"
                        + " versions between 1.0.0 and 2.0.0 bring it at most to schema 3 (1.2.0), so no version bridges"
                        + " schema 3 to 5",
                reason);
    }

    @Test
    void explainsTheGapWhenNothingCanMigrateTheDatabase() {
        String reason =
                assertInstanceOf(StopPlan.NoRoute.class, plan(2, TARGET)).reason();
        assertTrue(reason.contains("no published version between 1.0.0 and 2.0.0 can migrate it"), reason);
        assertTrue(reason.contains("bridges schema 2 to 5"), reason);
    }

    @Test
    void refusesATargetOlderThanTheDatabasesSchema() {
        String reason =
                assertInstanceOf(StopPlan.NoRoute.class, plan(7, TARGET)).reason();
        assertTrue(reason.contains("newer than the schema 6"), reason);
    }

    @Test
    void walksALongChainThroughTheFewestStops() {
        StopPlan plan = plan(
                1,
                Candidate.of("5.0.0", 10, 9),
                Candidate.of("1.1.0", 2, 1),
                Candidate.of("1.2.0", 4, 1),
                Candidate.of("2.0.0", 6, 1),
                Candidate.of("3.0.0", 9, 5),
                Candidate.of("3.1.0", 9, 6),
                Candidate.of("4.0.0", 10, 8));
        assertEquals(List.of("2.0.0", "3.1.0", "5.0.0"), route(plan));
    }

    @Test
    void describesARouteWithArrows() {
        assertEquals(
                "1.0.1 → 2.0.0",
                new StopPlan.Route(List.of(Version.parse("1.0.1"), Version.parse("2.0.0"))).describe());
    }
}
