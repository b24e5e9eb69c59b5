package io.waiaas.application.schema;

import io.waiaas.application.port.out.StopAdvisor;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.StopPlan;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Suggest required stops from the schema blocks a registry publishes (CMPT-03), within a time budget.
 *
 * <p>The registry is asked on a virtual thread; when it has not answered within the budget, or fails, the advice is
 * empty and the thread is left to finish on its own (the source's own timeouts end it).
 */
public final class RegistryStopAdvisor implements StopAdvisor {
    private final VersionSource source;
    private final String packageName;
    private final Duration budget;

    /** Create an advisor asking {@code source} about {@code packageName}, for at most {@code budget}. */
    public RegistryStopAdvisor(VersionSource source, String packageName, Duration budget) {
        this.source = Objects.requireNonNull(source, "source");
        this.packageName = Objects.requireNonNull(packageName, "packageName");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public List<Version> route(
            SchemaVersion database, Version build, SchemaVersion latest, SchemaVersion minCompatible) {
        CompletableFuture<List<Version>> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("stop-advisor").start(() -> {
            try {
                answer.complete(plan(database, build, latest, minCompatible));
            } catch (RuntimeException e) {
                answer.complete(List.of());
            }
        });
        try {
            return answer.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private List<Version> plan(
            SchemaVersion database, Version build, SchemaVersion latest, SchemaVersion minCompatible) {
        List<StopPlan.Candidate> candidates = new ArrayList<>();
        for (Version v : source.versions(packageName)) {
            if (v.compareTo(build) < 0 && !v.isPrerelease()) {
                source.release(packageName, v).schema().ifPresent(s -> candidates.add(new StopPlan.Candidate(v, s)));
            }
        }
        StopPlan plan = StopPlan.plan(
                Version.of(0, 0, 0),
                database,
                new StopPlan.Candidate(build, new ReleaseSchema(latest, minCompatible)),
                candidates);
        return switch (plan) {
            case StopPlan.Route route ->
                route.versions().subList(0, route.versions().size() - 1);
            case StopPlan.NoRoute none -> List.of();
        };
    }
}
