package io.waiaas.application.update;

import io.waiaas.application.daemon.KnownRelease;
import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.CheckResult;
import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.application.port.out.AuditEvent;
import io.waiaas.application.port.out.AuditLog;
import io.waiaas.application.port.out.KeyValueStore;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.MetadataHistory;
import io.waiaas.domain.PublishedVersion;
import io.waiaas.domain.ReleaseChannel;
import io.waiaas.domain.ReleaseVetting;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Check the followed channel for a newer release, keep the answer in the key-value store and in memory, and
 * record {@code UPDATE_AVAILABLE} once per new version (VCHK-01, VCHK-02, VCHK-B2). What the registry said is
 * remembered too: a registry going back on it is reported and not followed downward, and the release chosen is one
 * the cooldown and the recall let through (TRST-01..TRST-04).
 */
public final class VersionCheckService implements CheckForUpdates {
    /** The key holding the newest version found, as text: what {@link StoredRelease} reads. */
    public static final String LATEST_KEY = StoredRelease.LATEST_KEY;
    /** The key holding when the last successful check ran, as epoch seconds in text. */
    public static final String CHECKED_AT_KEY = StoredRelease.CHECKED_AT_KEY;
    /** The key holding the last version announced by {@code UPDATE_AVAILABLE}. */
    public static final String NOTIFIED_KEY = "version_check_notified_version";
    /** The audit event type recorded once per newer version. */
    public static final String UPDATE_AVAILABLE = "UPDATE_AVAILABLE";
    /** Between the two versions in an {@code UPDATE_AVAILABLE} event's detail. */
    private static final String ARROW = " -> ";

    private final Version current;
    private final ReleaseChannel channel;
    private final VersionSource source;
    private final KeyValueStore store;
    private final AuditLog audit;
    private final KnownRelease knownRelease;
    private final InstantSource clock;
    private final TargetResolver targets;
    private final Trust trust;
    private final VettedVersionSource vetted;

    /**
     * The release rules of {@code [update]} (TRST-01..TRST-04).
     *
     * @param vetting {@code min_release_age}, and deprecated versions left out
     * @param maxMetadataAge {@code max_metadata_age}: how long the registry's metadata may stay unchanged before it is
     *     a warning; empty when off
     */
    public record Trust(ReleaseVetting vetting, Optional<Duration> maxMetadataAge) {
        /** No cooldown and no age limit: deprecated versions are still never chosen, rollbacks still reported. */
        public static final Trust DEFAULT = new Trust(ReleaseVetting.NONE, Optional.empty());

        public Trust {
            Objects.requireNonNull(vetting, "vetting");
            Objects.requireNonNull(maxMetadataAge, "maxMetadataAge");
        }
    }

    /** Create the service for the running version {@code current}, following {@code channel} under {@code trust}. */
    public VersionCheckService(
            Version current,
            ReleaseChannel channel,
            VersionSource source,
            KeyValueStore store,
            AuditLog audit,
            KnownRelease knownRelease,
            InstantSource clock,
            Trust trust) {
        this.current = Objects.requireNonNull(current, "current");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.source = Objects.requireNonNull(source, "source");
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.knownRelease = Objects.requireNonNull(knownRelease, "knownRelease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.vetted = new VettedVersionSource(source, trust.vetting(), false, clock);
        this.targets = new TargetResolver(vetted);
    }

    // synchronized: a manual check and a scheduled tick must not both announce the same version.
    @Override
    public synchronized CheckResult checkNow() {
        Version tagged;
        List<PublishedVersion> catalogue;
        try {
            tagged = source.distTag(channel.packageName(), channel.distTag());
            catalogue = source.catalogue(channel.packageName());
        } catch (RuntimeException e) {
            String why = reason(e);
            recordFailure(why);
            return new CheckResult.Failed(
                    "version check of " + channel.packageName() + "@" + channel.distTag() + " failed: " + why);
        }
        Instant now = clock.instant();
        MetadataHistory.Observation seen;
        try {
            seen = history().observe(tagged, catalogue, now, trust.maxMetadataAge());
        } catch (RuntimeException e) {
            return new CheckResult.Failed("version check found " + tagged + " but could not read what the registry"
                    + " said before: " + reason(e));
        }
        List<String> warnings = new ArrayList<>(seen.findings());
        ReleaseVetting.find(catalogue, current)
                .filter(PublishedVersion::isDeprecated)
                .ifPresent(v -> warnings.add("the installed version " + ReleaseVetting.deprecation(v)));
        // A registry that went back on itself is not followed downward: the latest release stored stays (TRST-01).
        Optional<Version> chosen =
                seen.wentBack() ? Optional.empty() : trust.vetting().newestEligibleUpTo(tagged, catalogue, now);
        Map<String, String> rows = new LinkedHashMap<>(seen.next().toRows());
        rows.put(StoredRelease.WARNINGS_KEY, String.join("\n", warnings));
        rows.put(CHECKED_AT_KEY, Long.toString(now.getEpochSecond()));
        if (chosen.isEmpty()) {
            try {
                store.putAll(rows);
            } catch (RuntimeException e) {
                return new CheckResult.Failed(
                        "version check found " + tagged + " but could not store it: " + reason(e));
            }
            String why = seen.wentBack()
                    ? String.join("; ", seen.backwards())
                    : ReleaseVetting.find(catalogue, tagged)
                                    .flatMap(v -> trust.vetting().heldBack(v, now))
                                    .orElse(tagged + " is not in the registry's list of versions")
                            + ", and no older release qualifies";
            return new CheckResult.Held(tagged, knownRelease.latest(), why, seen.wentBack());
        }
        Version latest = chosen.get();
        boolean announce;
        try {
            announce = latest.compareTo(current) > 0
                    && !store.get(NOTIFIED_KEY).map(latest.toString()::equals).orElse(false);
            rows.put(LATEST_KEY, latest.toString());
            if (announce) {
                // Stored with the latest version, before the audit event: a crash in between loses at most one
                // event, while the reverse order could announce the same version twice after a restart.
                rows.put(NOTIFIED_KEY, latest.toString());
            }
            store.putAll(rows);
        } catch (RuntimeException e) {
            return new CheckResult.Failed("version check found " + latest + " but could not store it: " + reason(e));
        }
        knownRelease.update(latest);
        if (!announce) {
            return new CheckResult.Found(latest);
        }
        try {
            audit.record(new AuditEvent(now, UPDATE_AVAILABLE, current + ARROW + latest));
        } catch (RuntimeException e) {
            return new CheckResult.Failed("update " + current + " -> " + latest
                    + " found but the audit event could not be recorded: " + reason(e));
        }
        return new CheckResult.UpdateAnnounced(current, latest);
    }

    /** Read what the registry said before, from the rows the last check stored. */
    private MetadataHistory history() {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String key : List.of(
                MetadataHistory.HIGHEST_ROW,
                MetadataHistory.NEWEST_ROW,
                MetadataHistory.LISTED_ROW,
                MetadataHistory.FINGERPRINT_ROW,
                MetadataHistory.CHANGED_ROW)) {
            store.get(key).ifPresent(value -> rows.put(key, value));
        }
        return MetadataHistory.fromRows(rows);
    }

    /**
     * Read the versions out of an {@code UPDATE_AVAILABLE} event this service recorded: the one running and the newer
     * one found; empty for another event or a detail it did not write.
     */
    public static Optional<Announcement> announcement(AuditEvent event) {
        if (!event.type().equals(UPDATE_AVAILABLE)) {
            return Optional.empty();
        }
        int arrow = event.detail().indexOf(ARROW);
        if (arrow < 0) {
            return Optional.empty();
        }
        Optional<Version> running = Version.tryParse(event.detail().substring(0, arrow));
        Optional<Version> found = Version.tryParse(event.detail().substring(arrow + ARROW.length()));
        return running.flatMap(r -> found.map(f -> new Announcement(event.occurredAt(), r, f)));
    }

    /**
     * A newer release announced by {@code UPDATE_AVAILABLE}.
     *
     * @param at when it was announced
     * @param current the version running then
     * @param latest the newer one found
     */
    public record Announcement(Instant at, Version current, Version latest) {}

    /** Keep why the check failed beside the stored release, so {@code status} can say why latest is unknown. */
    private void recordFailure(String why) {
        try {
            store.putAll(Map.of(
                    StoredRelease.ERROR_KEY,
                    why,
                    StoredRelease.FAILED_AT_KEY,
                    Long.toString(clock.instant().getEpochSecond())));
        } catch (RuntimeException e) {
            // Fail-soft (VCHK-02): the check's own failure is what gets reported.
        }
    }

    @Override
    public Optional<Version> loadStored() {
        Optional<Version> stored;
        try {
            stored = store.get(LATEST_KEY).flatMap(Version::tryParse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        stored.ifPresent(knownRelease::update);
        return stored;
    }

    @Override
    public Optional<String> exactTargetNote(String to) {
        try {
            return vetted.exactTargetNote(channel.packageName(), to);
        } catch (RuntimeException e) {
            return Optional.empty(); // a note, never a reason to fail: the upgrade asks the registry itself
        }
    }

    @Override
    public TargetCheck checkTarget(Optional<String> to) {
        Version target = targets.resolve(channel.packageName(), to.orElse(channel.distTag()));
        return TargetCheck.of(current, target);
    }

    private static String reason(RuntimeException e) {
        if (e instanceof WaiaasException || e.getMessage() == null) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
        }
        return e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
