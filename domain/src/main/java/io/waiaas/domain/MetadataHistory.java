package io.waiaas.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Remember what a registry said before, so that a registry going back on it is noticed (TRST-01, TRST-02): the
 * highest version its followed dist-tag named, the newest publication time it showed, every version it listed, and
 * when its metadata last changed.
 *
 * <p>A registry that later names an older dist-tag target (rollback), stops listing a version it listed (a removal,
 * or a mirror serving an older copy), or whose newest publication time moves backwards is reported, and the caller
 * does not follow it downward. A registry whose metadata has not changed for longer than {@code max_metadata_age} is
 * a warning: a frozen registry or mirror looks exactly like a quiet one, and only the operator knows releases are
 * expected. Pure: the caller passes {@code now}.
 *
 * @param highestTagged the highest version the followed dist-tag ever named
 * @param newestPublished the newest publication time ever shown
 * @param listed every version ever listed
 * @param fingerprint what the metadata looked like at the last change (tag target, versions, newest time)
 * @param changedAt when the metadata last changed, as first seen by a check
 */
public record MetadataHistory(
        Optional<Version> highestTagged,
        Optional<Instant> newestPublished,
        SortedSet<Version> listed,
        Optional<String> fingerprint,
        Optional<Instant> changedAt) {

    /** The row names {@link #toRows} writes and {@link #fromRows} reads. */
    public static final String HIGHEST_ROW = "registry_highest_tagged";

    public static final String NEWEST_ROW = "registry_newest_published";
    public static final String LISTED_ROW = "registry_listed_versions";
    public static final String FINGERPRINT_ROW = "registry_metadata_fingerprint";
    public static final String CHANGED_ROW = "registry_metadata_changed_at";

    /** How many removed versions a finding names before it says "and N more". */
    private static final int NAMED = 3;

    /** Nothing seen yet. */
    public static final MetadataHistory EMPTY = new MetadataHistory(
            Optional.empty(), Optional.empty(), new TreeSet<>(), Optional.empty(), Optional.empty());

    public MetadataHistory {
        Objects.requireNonNull(highestTagged, "highestTagged");
        Objects.requireNonNull(newestPublished, "newestPublished");
        listed = Collections.unmodifiableSortedSet(new TreeSet<>(listed));
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    /**
     * What one check found.
     *
     * @param next the history to keep: never lower than this one (what a registry went back on stays remembered)
     * @param backwards what the registry went back on, one line each; empty when nothing
     * @param stale why the metadata looks frozen ({@code max_metadata_age} passed without a change), or empty
     */
    public record Observation(MetadataHistory next, List<String> backwards, Optional<String> stale) {
        public Observation {
            Objects.requireNonNull(next, "next");
            backwards = List.copyOf(backwards);
            Objects.requireNonNull(stale, "stale");
        }

        /** Tell whether the registry went back on something it said: its answer is then not followed. */
        public boolean wentBack() {
            return !backwards.isEmpty();
        }

        /** Return every finding, the ones going back first. */
        public List<String> findings() {
            List<String> all = new ArrayList<>(backwards);
            stale.ifPresent(all::add);
            return List.copyOf(all);
        }
    }

    /**
     * Compare what the registry says now (its dist-tag names {@code tagged}, it lists {@code catalogue}) with what
     * it said before, at {@code now}; {@code maxAge} is {@code max_metadata_age}, empty when off.
     */
    public Observation observe(
            Version tagged, List<PublishedVersion> catalogue, Instant now, Optional<Duration> maxAge) {
        Objects.requireNonNull(tagged, "tagged");
        Objects.requireNonNull(catalogue, "catalogue");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(maxAge, "maxAge");
        List<String> backwards = new ArrayList<>();
        highestTagged
                .filter(h -> tagged.compareTo(h) < 0)
                .ifPresent(h -> backwards.add("the registry's dist-tag now"
                        + " names " + tagged + ", older than " + h + " it named before (a rollback or a stale mirror);"
                        + " not followed"));
        SortedSet<Version> listedNow =
                catalogue.stream().map(PublishedVersion::version).collect(Collectors.toCollection(TreeSet::new));
        List<Version> removed =
                listed.stream().filter(v -> !listedNow.contains(v)).toList();
        if (!removed.isEmpty()) {
            String names = removed.reversed().stream()
                            .limit(NAMED)
                            .map(Version::toString)
                            .collect(Collectors.joining(", "))
                    + (removed.size() > NAMED ? " and " + (removed.size() - NAMED) + " more" : "");
            backwards.add("the registry no longer lists " + names + " that it listed before (removed, or a stale"
                    + " mirror)");
        }
        Optional<Instant> newest =
                catalogue.stream().flatMap(v -> v.publishedAt().stream()).max(Instant::compareTo);
        if (newestPublished.isPresent() && newest.isPresent() && newest.get().isBefore(newestPublished.get())) {
            backwards.add("the registry's newest publication time went back from " + newestPublished.get() + " to "
                    + newest.get() + " (a stale mirror or a rollback)");
        }
        String print = tagged + "|" + listedNow.stream().map(Version::toString).collect(Collectors.joining(",")) + "|"
                + newest.map(Instant::toString).orElse("");
        boolean changed = fingerprint.filter(print::equals).isEmpty();
        Optional<Instant> since = changed ? Optional.of(now) : changedAt.or(() -> Optional.of(now));
        SortedSet<Version> union = new TreeSet<>(listed);
        union.addAll(listedNow);
        MetadataHistory next = new MetadataHistory(
                highestTagged.filter(h -> h.compareTo(tagged) >= 0).or(() -> Optional.of(tagged)),
                newestPublished
                        .filter(p -> newest.isEmpty() || !p.isBefore(newest.get()))
                        .or(() -> newest),
                union,
                Optional.of(print),
                since);
        Optional<String> stale = maxAge.filter(max -> !max.isZero())
                .filter(max -> Duration.between(since.get(), now).compareTo(max) > 0)
                .map(max -> "the registry's metadata has not changed for "
                        + Durations.describe(Duration.between(since.get(), now)) + " (max_metadata_age "
                        + Durations.describe(max) + "): a frozen registry or mirror looks like this");
        return new Observation(next, backwards, stale);
    }

    /** Return the rows that keep this history, by the row names above. */
    public Map<String, String> toRows() {
        return Map.of(
                HIGHEST_ROW, highestTagged.map(Version::toString).orElse(""),
                NEWEST_ROW,
                        newestPublished
                                .map(i -> Long.toString(i.getEpochSecond()))
                                .orElse(""),
                LISTED_ROW, listed.stream().map(Version::toString).collect(Collectors.joining(",")),
                FINGERPRINT_ROW, fingerprint.orElse(""),
                CHANGED_ROW,
                        changedAt.map(i -> Long.toString(i.getEpochSecond())).orElse(""));
    }

    /**
     * Return the history {@code rows} keep (row name to value; missing or malformed rows count as never seen), as
     * {@link #toRows} wrote them.
     */
    public static MetadataHistory fromRows(Map<String, String> rows) {
        Objects.requireNonNull(rows, "rows");
        SortedSet<Version> listed = new TreeSet<>();
        for (String v : rows.getOrDefault(LISTED_ROW, "").split(",")) {
            Version.tryParse(v.strip()).ifPresent(listed::add);
        }
        return new MetadataHistory(
                Optional.ofNullable(rows.get(HIGHEST_ROW)).flatMap(Version::tryParse),
                epoch(rows.get(NEWEST_ROW)),
                listed,
                Optional.ofNullable(rows.get(FINGERPRINT_ROW)).filter(f -> !f.isBlank()),
                epoch(rows.get(CHANGED_ROW)));
    }

    private static Optional<Instant> epoch(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(text.strip())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
