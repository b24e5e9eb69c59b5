package io.waiaas.adapters.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Wrap the help's text at spaces only (HELP-02).
 *
 * <p>picocli wraps where the JDK's line {@link java.text.BreakIterator} allows a break, which includes after a dot
 * or a slash inside a word: {@code config.toml} and {@code ~/.waiaas} came out as {@code config.} / {@code toml}. Each
 * section is rendered here as picocli renders it, but so wide that nothing wraps, and its long lines are then wrapped
 * at spaces to the real width, continuation lines indented as picocli indents them. A word longer than a line is
 * left whole.
 */
final class WordWrap {
    /** Wide enough for any line of waiaas's help not to wrap. */
    private static final int UNWRAPPED = 4000;

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    /** The sections that picocli wraps, and how their continuation lines are indented. */
    private enum Kind {
        /** {@code Usage: waiaas upgrade [-h] …}: continued under the first option. */
        SYNOPSIS,
        /** A table of names and descriptions: continued two past where the description starts. */
        TABLE,
        /** Running text: continued at its own indentation. */
        TEXT
    }

    private static final Map<String, Kind> SECTIONS = Map.of(
            UsageMessageSpec.SECTION_KEY_SYNOPSIS, Kind.SYNOPSIS,
            UsageMessageSpec.SECTION_KEY_DESCRIPTION, Kind.TEXT,
            UsageMessageSpec.SECTION_KEY_HEADER, Kind.TEXT,
            UsageMessageSpec.SECTION_KEY_FOOTER, Kind.TEXT,
            UsageMessageSpec.SECTION_KEY_OPTION_LIST, Kind.TABLE,
            UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, Kind.TABLE,
            UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Kind.TABLE,
            UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST, Kind.TABLE);

    private WordWrap() {}

    /** Make {@code commandLine}'s help, and each of its subcommands', wrap at spaces only. */
    static void install(CommandLine commandLine) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(commandLine.getHelpSectionMap());
        sections.replaceAll((key, renderer) -> {
            Kind kind = SECTIONS.get(key);
            return kind == null ? renderer : help -> rewrap(renderer, help, kind);
        });
        commandLine.setHelpSectionMap(sections);
        commandLine.getSubcommands().values().stream().distinct().forEach(WordWrap::install);
    }

    private static String rewrap(CommandLine.IHelpSectionRenderer renderer, CommandLine.Help help, Kind kind) {
        int width = help.commandSpec().usageMessage().width();
        String unwrapped = unwrapped(renderer, help);
        StringBuilder out = new StringBuilder(unwrapped.length() + 64);
        String name = help.commandSpec().qualifiedName();
        // The synopsis follows its heading ("Usage: ") on the same line.
        int offset = kind == Kind.SYNOPSIS ? visibleLength(help.synopsisHeading()) : 0;
        boolean first = true;
        for (String line : unwrapped.split("\n", -1)) {
            if (!first) {
                out.append('\n');
            }
            int lineOffset = first ? offset : 0;
            out.append(lineOffset + visibleLength(line) <= width ? line : wrap(line, kind, name, width, lineOffset));
            first = false;
        }
        return out.toString();
    }

    /** Render the section as picocli would on a terminal too wide for any line to wrap. */
    private static String unwrapped(CommandLine.IHelpSectionRenderer renderer, CommandLine.Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        boolean autoWidth = usage.autoWidth();
        int width = usage.width();
        // The system property picocli reads (picocli.usage.width) would win over the width set here.
        String property = System.clearProperty("picocli.usage.width");
        try {
            usage.autoWidth(false).width(UNWRAPPED);
            return renderer.render(help);
        } finally {
            usage.width(width).autoWidth(autoWidth);
            if (property != null) {
                System.setProperty("picocli.usage.width", property);
            }
        }
    }

    /**
     * Wrap one line too long for {@code width} at its spaces, keeping what comes before its text in place; the line
     * starts {@code offset} columns in (after a heading on the same line).
     */
    static String wrap(String line, Kind kind, String name, int width, int offset) {
        int start;
        int hang;
        switch (kind) {
            case SYNOPSIS -> {
                int at = line.indexOf(name + " ");
                start = at < 0 ? 0 : at + name.length() + 1;
                hang = start;
            }
            case TABLE -> {
                start = tableTextStart(line);
                hang = start + 2;
            }
            default -> {
                start = leadingSpaces(line);
                hang = start;
            }
        }
        hang += offset;
        if (hang >= width / 2) {
            hang = Math.min(start + offset, width / 2);
        }
        StringBuilder out = new StringBuilder(line.length() + 32);
        StringBuilder current = new StringBuilder(line.substring(0, start));
        int currentLength = offset + visibleLength(current.toString());
        boolean empty = true;
        for (String word : List.of(line.substring(start).strip().split(" +"))) {
            int wordLength = visibleLength(word);
            if (!empty && currentLength + 1 + wordLength > width) {
                out.append(current.toString().stripTrailing()).append('\n');
                current = new StringBuilder(" ".repeat(hang));
                currentLength = hang;
                empty = true;
            }
            if (!empty) {
                current.append(' ');
                currentLength++;
            }
            current.append(word);
            currentLength += wordLength;
            empty = false;
        }
        return out.append(current).toString();
    }

    /** Return where the text of a table row starts: after the first gap of two spaces that follows a name. */
    private static int tableTextStart(String line) {
        int first = leadingSpaces(line);
        int gap = line.indexOf("  ", first);
        if (gap < 0) {
            return first; // a row that continues a description
        }
        int start = gap;
        while (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        return start;
    }

    private static int leadingSpaces(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int visibleLength(String text) {
        return ANSI.matcher(text).replaceAll("").length();
    }
}
