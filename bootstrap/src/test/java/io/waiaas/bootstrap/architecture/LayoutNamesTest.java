package io.waiaas.bootstrap.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.platform.Layout;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names of the data dir, of the install root and of the variables waiaas's processes pass each other live in
 * {@link Layout} alone: a main source that spells one of them again as a literal fails, naming the file and line.
 */
class LayoutNamesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path LAYOUT = Path.of("platform/src/main/java/io/waiaas/platform/Layout.java");

    /** A variable name, or a data-dir / install-root name resolved against a path. */
    private static final Pattern SPELLED_AGAIN = Pattern.compile(
            "\"WAIAAS_[A-Z_]+\""
                    + "|resolve\\(\"(backups|upgrade\\.journal|upgrade\\.lock|daemon\\.pid|daemon\\.lock|logs"
                    + "|\\.last-update-notify|webhook\\.cursor|webhook\\.lock|runtime|versions|current|bin|config\\.toml)\"\\)");

    @Test
    void noMainSourceSpellsALayoutNameAgain() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> sources = mainSources();
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(ROOT.resolve(source));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = SPELLED_AGAIN.matcher(lines.get(i));
                while (m.find()) {
                    found.add(source + ":" + (i + 1) + ": " + m.group() + " (use io.waiaas.platform.Layout)");
                }
            }
        }
        assertEquals(List.of(), found, String.join("\n", found));
        assertTrue(sources.size() > 100, "the scan found too few sources to be looking at the repository");
    }

    @Test
    void theLaunchersVariablesAreTheOnesTheJavaSideNames() throws IOException {
        Set<String> named = Arrays.stream(Layout.Env.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(LayoutNamesTest::value)
                .collect(Collectors.toSet());
        Matcher m =
                Pattern.compile("WAIAAS_[A-Z_]+").matcher(Files.readString(ROOT.resolve("bootstrap/src/image/waiaas")));
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            String name = m.group();
            if (!named.contains(name)) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, "bin/waiaas uses variables io.waiaas.platform.Layout.Env does not name");
        assertTrue(named.contains("WAIAAS_LAUNCHER") && named.contains("WAIAAS_STDERR_TTY"), named::toString);
    }

    /** The Java main sources git tracks, but {@link Layout} itself. */
    private static List<Path> mainSources() throws IOException {
        return RequirementIdsTest.trackedFiles().stream()
                .filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                .filter(p -> !p.equals(LAYOUT))
                .toList();
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
