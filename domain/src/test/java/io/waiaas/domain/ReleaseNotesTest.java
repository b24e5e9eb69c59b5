package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReleaseNotesTest {

    /** A changelog as release-please writes it, with the project's own baseline entry at the end. */
    static final String CHANGELOG = """
            # Changelog

            All notable changes to waiaas. release-please writes each release's entry above the previous one.

            ## [1.3.0](https://example.invalid/compare/v1.2.0...v1.3.0) (2026-12-01)


            ### ⚠ BREAKING CHANGES

            * **upgrade:** the journal moved to `upgrade/journal`; run `waiaas upgrade` once after the \
            update ([#41](https://example.invalid/pull/41))

            ### Features

            * **cli:** `waiaas doctor` checks an installation ([1a2b3c4](https://example.invalid/commit/1a2b3c4))
            * **update:** release notes before an upgrade,
              shown by --check and --dry-run

            ### Bug Fixes

            * **sqlite:** a backup of a busy database no longer waits forever

            ## [1.3.0-rc.1](https://example.invalid/compare/v1.2.0...v1.3.0-rc.1) (2026-11-20)

            ### Features

            * **cli:** a release candidate's feature

            ## 1.2.0 (2026-11-01)

            ### Bug Fixes

            - **daemon:** stop waits for the last webhook

            ## Unreleased

            * not a release yet

            ## 0.1.0

            The baseline release-please counts from: the daemon with `/health`, its command line, SQLite storage with
            migrations and verified backups.
            """;

    @Test
    void readsEachReleaseWithItsDateSectionsAndPlainItems() {
        List<ReleaseNotes> notes = ReleaseNotes.parseChangelog(CHANGELOG);

        assertEquals(
                List.of("1.3.0", "1.3.0-rc.1", "1.2.0", "0.1.0"),
                notes.stream().map(n -> n.version().toString()).toList());
        ReleaseNotes newest = notes.getFirst();
        assertEquals(Optional.of(LocalDate.of(2026, 12, 1)), newest.date());
        assertEquals(
                List.of(
                        "upgrade: the journal moved to upgrade/journal; run waiaas upgrade once after the update (#41)"),
                newest.breakingChanges());
        assertEquals(
                List.of(
                        new ReleaseNotes.Section(
                                "Features",
                                List.of(
                                        "cli: waiaas doctor checks an installation (1a2b3c4)",
                                        "update: release notes before an upgrade, shown by --check and --dry-run")),
                        new ReleaseNotes.Section(
                                "Bug Fixes", List.of("sqlite: a backup of a busy database no longer waits forever"))),
                newest.otherSections());
        assertEquals(Optional.empty(), notes.getLast().date());
        assertEquals(
                List.of(new ReleaseNotes.Section(
                        "",
                        List.of("The baseline release-please counts from: the daemon with /health, its command line,"
                                + " SQLite storage with migrations and verified backups."))),
                notes.getLast().sections());
    }

    @Test
    void anUpgradePassesTheReleasesAboveTheInstalledOneUpToTheTargetNewestFirst() {
        List<ReleaseNotes> notes = ReleaseNotes.parseChangelog(CHANGELOG);

        assertEquals(
                List.of("1.3.0", "1.2.0"),
                ReleaseNotes.between(notes, Version.parse("0.1.0"), Version.parse("1.3.0")).stream()
                        .map(n -> n.version().toString())
                        .toList());
        assertEquals(
                List.of("1.3.0-rc.1", "1.2.0"),
                ReleaseNotes.between(notes, Version.parse("1.1.0"), Version.parse("1.3.0-rc.1")).stream()
                        .map(n -> n.version().toString())
                        .toList());
        assertTrue(ReleaseNotes.between(notes, Version.parse("1.3.0"), Version.parse("1.3.0"))
                .isEmpty());
    }

    static Stream<String> corpus() {
        return Stream.of(
                CHANGELOG,
                "## 2.0.0\n\n### Features\n\n* one\n* two [link](http://x.invalid) and `code`\n",
                "## v2.1.0 (2026-01-02)\n### Bug Fixes\n* **a:** fixed\nwrapped lazily\n\n* next\n",
                "# Changelog\n\n## not-a-version\n\n* skipped\n\n## 3.0.0\n\nfirst paragraph\nsecond line\n\nanother\n",
                "## 4.0.0 (2026-13-40)\n\n### ⚠ BREAKING CHANGES\n\n+ plus bullet\n- minus bullet\n",
                "## 5.0.0\n### Features\n### Bug Fixes\n* only a fix\n");
    }

    /** The hand-written reader agrees with the CommonMark reference on every changelog shape release-please writes. */
    @ParameterizedTest
    @MethodSource("corpus")
    void agreesWithTheCommonMarkReference(String markdown) {
        assertEquals(reference(markdown), ReleaseNotes.parseChangelog(markdown));
    }

    /** Read {@code markdown} with CommonMark: level-2 headings are releases, level-3 sections, list items items. */
    private static List<ReleaseNotes> reference(String markdown) {
        Node document = Parser.builder().build().parse(markdown);
        List<ReleaseNotes> entries = new ArrayList<>();
        Version version = null;
        Optional<LocalDate> date = Optional.empty();
        List<ReleaseNotes.Section> sections = new ArrayList<>();
        String title = "";
        List<String> items = new ArrayList<>();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading) {
                String text = plain(heading);
                if (heading.getLevel() <= 2) {
                    if (version != null) {
                        close(sections, title, items);
                        entries.add(new ReleaseNotes(version, date, sections));
                    }
                    String first = text.split("\\s+", 2)[0];
                    version = Version.tryParse(first.startsWith("v") ? first.substring(1) : first)
                            .filter(v -> heading.getLevel() == 2)
                            .orElse(null);
                    date = day(text);
                    sections = new ArrayList<>();
                    title = "";
                    items = new ArrayList<>();
                } else if (version != null) {
                    close(sections, title, items);
                    title = text;
                    items = new ArrayList<>();
                }
            } else if (version != null) {
                List<String> found = items;
                node.accept(new AbstractVisitor() {
                    @Override
                    public void visit(ListItem item) {
                        Node first = item.getFirstChild();
                        if (first instanceof Paragraph paragraph) {
                            found.add(plain(paragraph));
                        }
                        visitChildren(item);
                    }

                    @Override
                    public void visit(Paragraph paragraph) {
                        if (!(paragraph.getParent() instanceof ListItem)) {
                            found.add(plain(paragraph));
                        }
                    }
                });
            }
        }
        if (version != null) {
            close(sections, title, items);
            entries.add(new ReleaseNotes(version, date, sections));
        }
        return entries;
    }

    private static void close(List<ReleaseNotes.Section> sections, String title, List<String> items) {
        if (!title.isEmpty() || !items.isEmpty()) {
            sections.add(new ReleaseNotes.Section(title, items));
        }
    }

    private static Optional<LocalDate> day(String heading) {
        var m = java.util.regex.Pattern.compile("\\((\\d{4}-\\d{2}-\\d{2})\\)").matcher(heading);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(m.group(1)));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The text of {@code node}'s inline content: text and code literals, soft breaks as spaces. */
    private static String plain(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak softLineBreak) {
                text.append(' ');
            }
        });
        return text.toString().replaceAll("\\s+", " ").strip();
    }
}
