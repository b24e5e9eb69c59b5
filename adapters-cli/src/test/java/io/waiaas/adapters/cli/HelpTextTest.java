package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HELP-02: the root help lists the exit codes, and no help breaks a word across lines. */
class HelpTextTest extends CliTestSupport {
    /** Every command that has a help of its own. */
    private static final List<List<String>> COMMANDS = List.of(
            List.of(),
            List.of("start"),
            List.of("stop"),
            List.of("status"),
            List.of("upgrade"),
            List.of("backup"),
            List.of("backup", "create"),
            List.of("backup", "list"),
            List.of("backup", "restore"),
            List.of("db"),
            List.of("db", "status"),
            List.of("db", "migrate"),
            List.of("mcp"),
            List.of("logs"),
            List.of("completion"));

    @Test
    void theRootHelpListsEveryExitCode() {
        String help = helpAt(80, List.of());
        int at = help.indexOf("Exit codes:\n");
        assertTrue(at > 0, help);
        List<String> codes = help.substring(at)
                .lines()
                .skip(1)
                .map(String::strip)
                .filter(line -> line.matches("\\d+ .*"))
                .map(line -> line.substring(0, line.indexOf(' ')))
                .toList();
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "100"), codes, help);
        assertTrue(help.contains("100   an update is available (upgrade --check --exit-code only)"), help);
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {80, 60})
    void noLineOfAnyHelpSplitsAWord(int width) {
        for (List<String> command : COMMANDS) {
            String wrapped = helpAt(width, command);
            String unwrapped = helpAt(4000, command);
            // Wrapping may only turn a space into a line break and indentation: the words stay the same.
            assertEquals(
                    words(unwrapped), words(wrapped), "waiaas " + command + " --help at " + width + ":\n" + wrapped);
            for (String line : wrapped.lines().toList()) {
                assertTrue(
                        line.length() <= width || line.strip().indexOf(' ') < 0,
                        "a line longer than " + width + " in waiaas " + command + " --help:\n" + line);
            }
            assertTrue(unwrapped.lines().count() < wrapped.lines().count(), "it wraps at all at " + width);
        }
    }

    private String helpAt(int width, List<String> command) {
        System.setProperty("picocli.usage.width", Integer.toString(width));
        try {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Result r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            return r.out();
        } finally {
            System.clearProperty("picocli.usage.width");
        }
    }

    private static List<String> words(String text) {
        return Arrays.asList(text.strip().split("\\s+"));
    }
}
