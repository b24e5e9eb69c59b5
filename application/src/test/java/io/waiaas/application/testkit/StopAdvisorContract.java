package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.waiaas.application.port.out.StopAdvisor;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StopAdvisor} must show: the published versions that bridge a too-old database, in
 * order, and no advice (never a failure, never a long wait) when the registry cannot tell (CMPT-03, CMPT-B2).
 *
 * <p>Every question is about a database at schema 2 and a build 2.0.0 that knows schemas 5 to 6.
 */
public interface StopAdvisorContract {

    /** The package the contract publishes, as waiaas itself is published. */
    String CLI = "@waiaas/cli";

    /** A budget no healthy answer comes near, so that only a registry that never answers runs out of it. */
    Duration AMPLE = Duration.ofSeconds(10);

    /** Create an advisor that asks a registry publishing {@code published} about {@link #CLI}. */
    StopAdvisor newAdvisor(PublishedPackages published, Duration budget);

    /** Create an advisor whose registry answers every question with a server error. */
    StopAdvisor failingAdvisor(Duration budget);

    /** Create an advisor whose registry takes every question and answers none while the test runs. */
    StopAdvisor silentAdvisor(Duration budget);

    /** Publish {@code version} of {@link #CLI}, whose database schema is {@code schema}, migrated from {@code min}. */
    static PublishedPackages release(PublishedPackages published, String version, int schema, int min) {
        return published.manifestField(
                CLI,
                version,
                "waiaas",
                "{\"schemaVersion\":" + schema + ",\"minCompatibleSchemaVersion\":" + min + "}");
    }

    private static List<Version> routeFromSchema2To2(StopAdvisor advisor) {
        return advisor.route(SchemaVersion.of(2), Version.parse("2.0.0"), SchemaVersion.of(6), SchemaVersion.of(5));
    }

    private static List<Version> versions(String... versions) {
        return List.of(versions).stream().map(Version::parse).toList();
    }

    @Test
    default void namesTheStopsBeforeTheBuildInTheOrderToInstallThem() {
        PublishedPackages published = new PublishedPackages();
        release(published, "1.5.0", 5, 3);
        release(published, "1.2.0", 3, 1);
        release(published, "2.0.0", 6, 5);
        assertEquals(versions("1.2.0", "1.5.0"), routeFromSchema2To2(newAdvisor(published, AMPLE)));
    }

    @Test
    default void leavesOutPreReleasesAndVersionsFromTheBuildOn() {
        PublishedPackages published = new PublishedPackages();
        release(published, "1.2.0", 3, 1);
        release(published, "1.5.0-rc.1", 5, 2);
        release(published, "1.5.0", 5, 3);
        release(published, "2.0.0", 6, 5);
        release(published, "2.1.0", 7, 1);
        assertEquals(versions("1.2.0", "1.5.0"), routeFromSchema2To2(newAdvisor(published, AMPLE)));
    }

    @Test
    default void knowsNoRouteWhenNoPublishedVersionBridgesTheGap() {
        PublishedPackages published = new PublishedPackages();
        release(published, "1.2.0", 3, 1);
        published.publish(CLI, "1.5.0");
        release(published, "2.0.0", 6, 5);
        assertEquals(List.of(), routeFromSchema2To2(newAdvisor(published, AMPLE)));
    }

    @Test
    default void knowsNoRouteForAPackageTheRegistryDoesNotHave() {
        PublishedPackages published = new PublishedPackages().publish("left-pad", "1.3.0");
        assertEquals(List.of(), routeFromSchema2To2(newAdvisor(published, AMPLE)));
    }

    @Test
    default void aMalformedSchemaBlockLeavesNoAdviceRatherThanAFailure() {
        PublishedPackages published = new PublishedPackages();
        release(published, "1.2.0", 3, 1);
        release(published, "1.5.0", 5, 3);
        published.manifestField(CLI, "1.3.0", "waiaas", "{\"schemaVersion\":\"three\"}");
        assertEquals(List.of(), routeFromSchema2To2(newAdvisor(published, AMPLE)));
    }

    @Test
    default void aRegistryThatFailsLeavesNoAdvice() {
        assertEquals(List.of(), routeFromSchema2To2(failingAdvisor(AMPLE)));
    }

    @Test
    default void aRegistryThatNeverAnswersLeavesNoAdviceOnceTheBudgetIsSpent() {
        StopAdvisor advisor = silentAdvisor(Duration.ofMillis(200));
        // Bounded far beyond the budget: an advisor that waits for the registry never returns while the test runs.
        assertEquals(List.of(), assertTimeoutPreemptively(Duration.ofSeconds(30), () -> routeFromSchema2To2(advisor)));
    }
}
