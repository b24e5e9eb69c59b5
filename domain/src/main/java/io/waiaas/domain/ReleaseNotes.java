package io.waiaas.domain;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release notes of one version, as its {@code CHANGELOG.md} entry gives them (release-please writes one entry per
 * release: a {@code ## version (date)} heading, then {@code ### Features}, {@code ### Bug Fixes}, ...; breaking
 * changes under {@code ### ⚠ BREAKING CHANGES}).
 *
 * @param version the version the entry is for
 * @param date the release date the heading gives, if any
 * @param sections the entry's sections in their order; text before the first section is a section with an empty title
 */
public record ReleaseNotes(Version version, Optional<LocalDate> date, List<Section> sections) {
    /** At most this many versions' notes are shown between two versions; the rest is named by count. */
    public static final int MAX_SHOWN = 20;

    public ReleaseNotes {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(date, "date");
        sections = List.copyOf(sections);
    }

    /**
     * One section of an entry.
     *
     * @param title the heading ({@code Features}), empty for the text before the first heading
     * @param items its items, one line each
     */
    public record Section(String title, List<String> items) {
        public Section {
            Objects.requireNonNull(title, "title");
            items = List.copyOf(items);
        }

        /** Tell whether this section lists breaking changes (release-please: {@code ⚠ BREAKING CHANGES}). */
        public boolean breaking() {
            return title.toUpperCase(Locale.ROOT).contains("BREAKING");
        }
    }

    /** Return the breaking changes of this version. */
    public List<String> breakingChanges() {
        return sections.stream()
                .filter(Section::breaking)
                .flatMap(s -> s.items().stream())
                .toList();
    }

    /** Return the sections that are not breaking changes, with at least one item. */
    public List<Section> otherSections() {
        return sections.stream()
                .filter(s -> !s.breaking() && !s.items().isEmpty())
                .toList();
    }

    /**
     * Choose, from {@code notes}, the entries an upgrade from {@code from} to {@code to} passes: versions above
     * {@code from} up to and including {@code to}, newest first, one per version. Pre-releases are left out unless
     * {@code to} is one (a release's own entry covers its release candidates).
     */
    public static List<ReleaseNotes> between(List<ReleaseNotes> notes, Version from, Version to) {
        List<ReleaseNotes> chosen = new ArrayList<>();
        notes.stream()
                .filter(n -> passes(n.version(), from, to))
                .sorted(Comparator.comparing(ReleaseNotes::version).reversed())
                .forEach(n -> {
                    if (chosen.isEmpty() || !chosen.getLast().version().equals(n.version())) {
                        chosen.add(n);
                    }
                });
        return List.copyOf(chosen);
    }

    /**
     * Tell whether an upgrade from {@code from} to {@code to} passes {@code version}: above {@code from}, up to and
     * including {@code to}, and no pre-release unless {@code to} is one.
     */
    public static boolean passes(Version version, Version from, Version to) {
        return version.compareTo(from) > 0
                && version.compareTo(to) <= 0
                && (!version.isPrerelease() || to.isPrerelease());
    }

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^\\s{0,3}[*+-]\\s+(.*)$");
    private static final Pattern DATE = Pattern.compile("\\((\\d{4}-\\d{2}-\\d{2})\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /**
     * Read a changelog in the shape release-please writes (CommonMark; each release a level-2 heading starting with
     * its version, its sections level-3 headings, their items bullets), one entry per version heading. Headings that
     * do not start with a version (the title, {@code Unreleased}) and what follows them up to the next heading of
     * their level are skipped. Item text is plain: links keep their text, emphasis and code marks are dropped, a
     * wrapped item is one line.
     */
    public static List<ReleaseNotes> parseChangelog(String markdown) {
        List<ReleaseNotes> entries = new ArrayList<>();
        Builder entry = null;
        StringBuilder item = null;
        for (String raw : markdown.split("\\R", -1)) {
            Matcher heading = HEADING.matcher(raw);
            Matcher bullet = BULLET.matcher(raw);
            if (heading.matches() && raw.startsWith("#")) {
                finish(entry, item);
                item = null;
                int level = heading.group(1).length();
                String text = plain(heading.group(2));
                if (level <= 2) {
                    if (entry != null) {
                        entries.add(entry.build());
                    }
                    entry = level == 2 ? Builder.of(text) : null;
                } else if (entry != null) {
                    entry.section(text);
                }
            } else if (raw.isBlank()) {
                finish(entry, item);
                item = null;
            } else if (bullet.matches()) {
                finish(entry, item);
                item = new StringBuilder(bullet.group(1).strip());
            } else if (item != null) {
                item.append(' ').append(raw.strip());
            } else {
                item = new StringBuilder(raw.strip());
            }
        }
        finish(entry, item);
        if (entry != null) {
            entries.add(entry.build());
        }
        return List.copyOf(entries);
    }

    private static void finish(Builder entry, StringBuilder item) {
        if (entry != null && item != null) {
            entry.item(plain(item.toString()));
        }
    }

    /** Return {@code markdown} inline text as plain text: link texts, code contents, no emphasis marks. */
    private static String plain(String markdown) {
        String text = CODE.matcher(markdown).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        text = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        return text.replace("**", "").replaceAll("\\s+", " ").strip();
    }

    /** Collects one entry while its lines are read; an entry whose heading names no version collects nothing. */
    private static final class Builder {
        private final Version version;
        private final Optional<LocalDate> date;
        private final List<Section> sections = new ArrayList<>();
        private String title = "";
        private List<String> items = new ArrayList<>();

        private Builder(Version version, Optional<LocalDate> date) {
            this.version = version;
            this.date = date;
        }

        static Builder of(String heading) {
            String first = heading.split("\\s+", 2)[0];
            Optional<Version> version = Version.tryParse(first.startsWith("v") ? first.substring(1) : first);
            if (version.isEmpty()) {
                return null;
            }
            Matcher date = DATE.matcher(heading);
            Optional<LocalDate> day = Optional.empty();
            if (date.find()) {
                try {
                    day = Optional.of(LocalDate.parse(date.group(1)));
                } catch (DateTimeException e) {
                    day = Optional.empty();
                }
            }
            return new Builder(version.get(), day);
        }

        void section(String heading) {
            close();
            title = heading;
            items = new ArrayList<>();
        }

        void item(String text) {
            if (!text.isEmpty()) {
                items.add(text);
            }
        }

        private void close() {
            if (!title.isEmpty() || !items.isEmpty()) {
                sections.add(new Section(title, items));
            }
        }

        ReleaseNotes build() {
            close();
            return new ReleaseNotes(version, date, sections);
        }
    }
}
