package io.waiaas.application.upgrade;

import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.update.RequiredStops;
import io.waiaas.application.update.TargetResolver;
import io.waiaas.domain.Reason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.StopPlan;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 1 of an upgrade (UPGR-02, UPGR-07, CMPT-B2): resolve the target, plan the route through required stops,
 * and run the preflight on the first stop. Changes nothing. Keeps what the registry said about each release for
 * the steps that follow in the same process.
 */
final class Planner {
    private final UpgradePorts ports;
    private final UpgradeSettings settings;
    private final Version build;
    private final Preflight preflight;
    private final TargetResolver targets;
    private final RequiredStops stops;
    private final Map<Version, PackageRelease> described = new HashMap<>();

    Planner(UpgradePorts ports, UpgradeSettings settings, Version build) {
        this.ports = ports;
        this.settings = settings;
        this.build = build;
        this.preflight = new Preflight(ports);
        this.targets = new TargetResolver(ports.releases());
        this.stops = new RequiredStops(ports.releases(), settings.channel().packageName());
    }

    /** Return the version installed now: the install root's current one, else this very build. */
    Version installed() {
        return ports.installer().current().map(InstalledVersion::version).orElse(build);
    }

    /** Return what the registry publishes about {@code version}, asking once per process. */
    synchronized PackageRelease release(Version version) {
        PackageRelease known = described.get(version);
        if (known == null) {
            known = ports.releases().release(settings.channel().packageName(), version);
            described.put(version, known);
        }
        return known;
    }

    /** Run the preflight for an upgrade to {@code version}. */
    Optional<UpgradeOutcome.Refused> preflight(Version version) {
        return preflight.check(release(version));
    }

    /** Plan the upgrade {@code request} asks for. */
    UpgradeOutcome plan(UpgradeRequest request, UpgradeListener listener) {
        Version from = installed();
        Instant t0 = ports.clock().instant();
        String spec = request.to().orElse(settings.channel().distTag());
        listener.stepStarted(UpgradeStep.CHECK, "resolving " + spec);
        Version target = targets.resolve(settings.channel().packageName(), spec);
        if (target.equals(from)) {
            listener.stepFinished(UpgradeStep.CHECK, since(t0), "already up to date");
            return new UpgradeOutcome.UpToDate(from);
        }
        if (target.compareTo(from) < 0 && !request.allowDowngrade()) {
            return new UpgradeOutcome.Refused(
                    Reason.DOWNGRADE_NOT_ALLOWED,
                    "the target " + target + " is older than the installed " + from
                            + "; add --allow-downgrade to go down");
        }
        PackageRelease release = release(target);
        List<Version> route = List.of(target);
        Optional<SchemaVersion> database = ports.schema().current();
        if (database.isPresent() && RequiredStops.needed(from, database.get(), release)) {
            switch (stops.plan(from, database.get(), release)) {
                case StopPlan.NoRoute none -> {
                    return new UpgradeOutcome.Refused(
                            Reason.DATABASE_TOO_OLD,
                            "the database (schema " + database.get() + ") is older than " + target
                                    + " can migrate, and no upgrade path through the published versions exists: "
                                    + none.reason());
                }
                case StopPlan.Route found -> {
                    route = found.versions();
                    listener.note("the database (schema " + database.get() + ") is older than " + target
                            + " can migrate (from schema "
                            + release.schema().orElseThrow().minCompatible()
                            + "); required stops: " + found.describe());
                }
            }
        }
        Optional<UpgradeOutcome.Refused> refusal = preflight(route.getFirst());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        boolean running = ports.daemon().runningPid().isPresent();
        UpgradeOutcome.Planned plan =
                new UpgradeOutcome.Planned(from, target, running, running && !request.noStart(), route);
        listener.stepFinished(
                UpgradeStep.CHECK, since(t0), from + " \u2192 " + new StopPlan.Route(plan.route()).describe());
        return plan;
    }

    private Duration since(Instant t0) {
        return Duration.between(t0, ports.clock().instant());
    }
}
