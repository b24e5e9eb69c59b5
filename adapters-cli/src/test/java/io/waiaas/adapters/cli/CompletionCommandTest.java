package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HELP-03: {@code waiaas completion bash|zsh} prints a script a real bash accepts and completes with. */
class CompletionCommandTest extends CliTestSupport {
    @TempDir
    Path tmp;

    @Test
    void theBashScriptIsValidAndCompletesCommandsAndOptions() throws Exception {
        Result r = run("completion", "bash");
        assertEquals(0, r.exit(), r.err());
        Path script = Files.writeString(tmp.resolve("waiaas.bash"), r.out());
        assertEquals("", bash("bash -n " + script), "bash -n accepts it");
        // What bash does on Tab after `waiaas up`: the completion function of `waiaas`, run with COMP_WORDS set.
        assertEquals(List.of("upgrade", "update"), complete(script, "waiaas", "up"));
        assertEquals(List.of("logs"), complete(script, "waiaas", "lo"));
        assertTrue(complete(script, "waiaas", "upgrade", "--dr").contains("--dry-run"));
        assertTrue(complete(script, "waiaas", "backup", "").containsAll(List.of("create", "list", "restore")));
    }

    @Test
    void theZshScriptLoadsBashCompletionFirst() {
        Result r = run("completion", "zsh");
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.out()
                        .startsWith(
                                "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"),
                r.out());
        assertTrue(r.out().contains("complete -F _complete_waiaas"), r.out());
    }

    @Test
    void anotherShellIsAUsageError() {
        Result r = run("completion", "fish");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("expected one of [bash, zsh]"), r.err());
    }

    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append('\'').append(word).append("' ");
        }
        String out = bash("source " + script + "; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE};"
                // compopt only works while bash itself completes; it says so on stderr here, and changes no reply.
                + " _complete_waiaas 2>/dev/null;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"");
        return out.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static String bash(String command) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, bash.exitValue(), out);
        return out;
    }
}
