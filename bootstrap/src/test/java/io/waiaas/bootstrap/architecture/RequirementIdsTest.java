package io.waiaas.bootstrap.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every requirement id the repository cites is defined in docs/requirements.md: the Java sources, scripts, build
 * files and docs (everything git tracks but the lock files and the changelog, which release-please writes). A
 * cited id that is not defined fails, naming the file and line; a defined id cited nowhere is listed as a warning.
 */
class RequirementIdsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DEFINITIONS = Path.of("docs/requirements.md");
    private static final String FAMILIES = "LAYT|CMDS|VCHK|HLTH|UPGR|BKUP|CMPT|DOCK|RLSE|SYNC|FLTS|OPS|DOCT|SYSD|TRST";
    /** An id, with the short forms the sources use for several at once: {@code UPGR-03/04/06}, {@code UPGR-01..07}. */
    private static final Pattern CITED =
            Pattern.compile("\\b(" + FAMILIES + ")-(B?\\d+)((?:/B?\\d+)*)(?:\\.\\.(B?\\d+))?\\b");

    private static final Pattern DEFINED =
            Pattern.compile("^- \\*\\*((?:" + FAMILIES + ")-B?\\d+)\\*\\*", Pattern.MULTILINE);

    @Test
    void everyCitedRequirementIdIsDefined() throws IOException {
        Set<String> defined = defined(Files.readString(ROOT.resolve(DEFINITIONS)));
        Map<String, List<String>> citations = citations();
        List<String> undefined = new ArrayList<>();
        citations.forEach((id, places) -> {
            if (!defined.contains(id)) {
                places.forEach(place -> undefined.add(place + ": " + id + " is not defined in " + DEFINITIONS));
            }
        });
        assertEquals(List.of(), undefined, String.join("\n", undefined));
        Set<String> uncited = new TreeSet<>(defined);
        uncited.removeAll(citations.keySet());
        if (!uncited.isEmpty()) {
            System.err.println("warning: defined in " + DEFINITIONS + " but cited nowhere: " + uncited);
        }
        assertTrue(citations.size() > 50, "the scan found too few citations to be looking at the repository");
    }

    @Test
    void theShortFormsExpandToEveryIdTheyName() {
        assertEquals(List.of("UPGR-03", "UPGR-04", "UPGR-06"), cited("backed up (UPGR-03/04/06)"));
        assertEquals(List.of("UPGR-01", "UPGR-02", "UPGR-03"), cited("UPGR-01..03"));
        assertEquals(List.of("UPGR-B1", "UPGR-B2", "UPGR-B3"), cited("UPGR-B1..B3."));
        assertEquals(List.of("DOCK-B1", "DOCK-B2"), cited("DOCK-B1/B2"));
        assertEquals(List.of(), cited("SHA-256, UTF-8, XUPGR-01"));
        assertEquals(Set.of("HLTH-01", "HLTH-B1"), defined("- **HLTH-01** a\n- **HLTH-B1** b\n  - **HLTH-02** c"));
    }

    /** The ids defined: a list item starting with the id in bold. */
    private static Set<String> defined(String markdown) {
        Set<String> ids = new TreeSet<>();
        Matcher m = DEFINED.matcher(markdown);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The ids {@code text} cites, in order, short forms expanded. */
    private static List<String> cited(String text) {
        List<String> ids = new ArrayList<>();
        Matcher m = CITED.matcher(text);
        while (m.find()) {
            String family = m.group(1);
            ids.add(family + "-" + m.group(2));
            for (String more : m.group(3).split("/")) {
                if (!more.isEmpty()) {
                    ids.add(family + "-" + (m.group(2).startsWith("B") && !more.startsWith("B") ? "B" : "") + more);
                }
            }
            if (m.group(4) != null) {
                boolean beyond = m.group(2).startsWith("B");
                int from = Integer.parseInt(m.group(2).replace("B", ""));
                int to = Integer.parseInt(m.group(4).replace("B", ""));
                for (int k = from + 1; k <= to; k++) {
                    ids.add(family + "-" + (beyond ? "B" + k : String.format("%02d", k)));
                }
            }
        }
        return ids;
    }

    /** Every cited id with the places ({@code file:line}) that cite it. */
    private static Map<String, List<String>> citations() throws IOException {
        Map<String, List<String>> citations = new TreeMap<>();
        for (Path file : trackedFiles()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8);
            } catch (CharacterCodingException binary) {
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                for (String id : cited(lines.get(i))) {
                    citations.computeIfAbsent(id, k -> new ArrayList<>()).add(file + ":" + (i + 1));
                }
            }
        }
        return citations;
    }

    /** The files git tracks, but the definitions themselves, lock files and the changelog. */
    static List<Path> trackedFiles() throws IOException {
        Process git = new ProcessBuilder("git", "ls-files", "-z")
                .directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0, "git ls-files failed in " + ROOT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
        return Stream.of(out.split("\0"))
                .filter(name -> !name.isEmpty())
                .map(Path::of)
                .filter(p -> !p.equals(DEFINITIONS))
                .filter(p -> !p.getFileName().toString().equals("CHANGELOG.md"))
                .filter(p -> !p.getFileName().toString().endsWith("-lock.json"))
                .filter(p -> Files.isRegularFile(ROOT.resolve(p)))
                .toList();
    }
}
