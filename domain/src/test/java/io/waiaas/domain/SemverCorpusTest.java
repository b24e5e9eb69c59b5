package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replay the golden corpus generated from npm's {@code semver} (tools/semver-corpus/generate.js) against
 * {@link Version} and {@link VersionRange}; every line must agree.
 */
class SemverCorpusTest {

    private static final int MINIMUM_CASES = 2_000;
    private static final int SHOWN_DISAGREEMENTS = 25;

    private static List<String[]> cases;

    @BeforeAll
    static void readCorpus() throws IOException {
        String text;
        try (InputStream in = SemverCorpusTest.class.getResourceAsStream("semver-corpus.tsv")) {
            assertTrue(in != null, "semver-corpus.tsv is missing from the test resources");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        cases = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                cases.add(line.split("\t", -1));
            }
        }
    }

    @Test
    void corpusIsLargeEnoughToMeanSomething() {
        assertTrue(cases.size() >= MINIMUM_CASES, "only " + cases.size() + " cases in the corpus");
        Map<String, Integer> byKind = countByKind();
        for (String kind : List.of("valid", "compare", "range-valid", "normalize", "satisfies", "max")) {
            assertTrue(byKind.getOrDefault(kind, 0) >= 100, "too few '" + kind + "' cases: " + byKind);
        }
    }

    @Test
    void everyCaseAgreesWithNpmSemver() {
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (String[] c : cases) {
            String actual;
            String expected = c[c.length - 1];
            try {
                actual = answer(c);
            } catch (RuntimeException e) {
                actual = "threw " + e;
            }
            checked++;
            if (!expected.equals(actual)) {
                disagreements.add(String.join(" | ", c) + "  => got " + actual);
            }
        }
        if (!disagreements.isEmpty()) {
            fail(disagreements.size() + " of " + checked + " corpus cases disagree with npm semver; first ones:\n  "
                    + String.join(
                            "\n  ", disagreements.subList(0, Math.min(SHOWN_DISAGREEMENTS, disagreements.size()))));
        }
        assertEquals(cases.size(), checked);
    }

    private static String answer(String[] c) {
        return switch (c[0]) {
            case "valid" -> Version.tryParse(c[1]).map(Version::toString).orElse("-");
            case "compare" ->
                Integer.toString(Integer.signum(Version.parse(c[1]).compareTo(Version.parse(c[2]))));
            case "range-valid" -> Boolean.toString(VersionRange.tryParse(c[1]).isPresent());
            case "normalize" ->
                VersionRange.tryParse(c[1]).map(VersionRange::normalized).orElse("-");
            case "satisfies" ->
                Boolean.toString(VersionRange.tryParse(c[1])
                        .flatMap(r -> Version.tryParse(c[2]).map(r::satisfies))
                        .orElse(false));
            case "max" -> maxSatisfying(c[1], c[2]);
            default -> throw new IllegalArgumentException("unknown case kind " + c[0]);
        };
    }

    /** Answer as npm does: the original text of the winning list entry; unparsable entries never win. */
    private static String maxSatisfying(String range, String list) {
        Map<Version, String> rawByInstance = new IdentityHashMap<>();
        List<Version> versions = new ArrayList<>();
        if (!list.isEmpty()) {
            for (String raw : list.split(",", -1)) {
                Optional<Version> v = Version.tryParse(raw);
                v.ifPresent(version -> {
                    versions.add(version);
                    rawByInstance.put(version, raw);
                });
            }
        }
        return VersionRange.tryParse(range)
                .flatMap(r -> r.maxSatisfying(versions))
                .map(rawByInstance::get)
                .orElse("-");
    }

    private static Map<String, Integer> countByKind() {
        Map<String, Integer> byKind = new TreeMap<>();
        for (String[] c : cases) {
            byKind.merge(c[0], 1, Integer::sum);
        }
        return byKind;
    }
}
