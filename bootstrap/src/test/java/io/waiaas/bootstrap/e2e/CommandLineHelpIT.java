package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HELP-01..04 through the runtime image: suggestions, exit codes in help, completion and the man pages it ships. */
class CommandLineHelpIT {
    @TempDir
    Path tmp;

    private ImageRunner waiaas;

    @BeforeEach
    void setUp() throws IOException {
        waiaas = new ImageRunner(tmp.resolve("data"), tmp);
    }

    @Test
    void aMistypedCommandGetsTheOneMeantAndExitTwo() throws Exception {
        ImageRunner.Result r = waiaas.run("upgrad");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("waiaas: unknown command 'upgrad'; did you mean 'upgrade'? (see waiaas --help)\n", r.err());
        ImageRunner.Result option = waiaas.run("upgrade", "--dryrun");
        assertEquals(2, option.exit(), option.toString());
        assertEquals(
                "waiaas: unknown option '--dryrun' of waiaas upgrade; did you mean '--dry-run'?"
                        + " (see waiaas upgrade --help)\n",
                option.err());
    }

    @Test
    void theRootHelpListsTheExitCodes() throws Exception {
        ImageRunner.Result r = waiaas.run("--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Exit codes:\n"), r.out());
        assertTrue(r.out().contains("100   an update is available"), r.out());
        assertTrue(r.out().contains("config.toml"), "not broken inside the word: " + r.out());
    }

    @Test
    void theCompletionScriptIsValidBash() throws Exception {
        ImageRunner.Result r = waiaas.run("completion", "bash");
        assertEquals(0, r.exit(), r.toString());
        Path script = Files.writeString(tmp.resolve("waiaas.bash"), r.out());
        Process bash = new ProcessBuilder("bash", "-n", script.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
    }

    @Test
    void theImageShipsAManPageForEveryCommandThatManRenders() throws Exception {
        Path man1 = waiaas.image().resolve("share/man/man1");
        List<String> pages = new ArrayList<>(List.of("waiaas"));
        for (String command : commands(List.of())) {
            pages.add("waiaas-" + command);
            for (String sub : commands(List.of(command))) {
                pages.add("waiaas-" + command + "-" + sub);
            }
        }
        assertTrue(
                pages.containsAll(List.of("waiaas-logs", "waiaas-backup-restore", "waiaas-db-migrate")),
                pages.toString());
        for (String page : pages) {
            Path file = man1.resolve(page + ".1");
            assertTrue(Files.isRegularFile(file), "no man page " + file);
            ProcessBuilder man = new ProcessBuilder("man", "-l", file.toString()).redirectErrorStream(true);
            man.environment().put("MANPAGER", "cat");
            Process process = man.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "man did not finish");
            assertEquals(0, process.exitValue(), out);
            // No overstrike; man justifies lines, so spaces may be doubled.
            String shown = out.replaceAll(".\b", "").replaceAll("\\s+", " ");
            assertTrue(shown.contains("NAME") && shown.contains(page + " - "), out);
        }
    }

    /** Return the commands that {@code waiaas COMMAND... --help} lists, without {@code help}. */
    private List<String> commands(List<String> command) throws Exception {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        ImageRunner.Result r = waiaas.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        List<String> names = new ArrayList<>();
        boolean inCommands = false;
        for (String line : r.out().lines().toList()) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.matches("  [a-z].*")) {
                String name = line.strip().split("[ ,]")[0];
                if (!name.equals("help")) {
                    names.add(name);
                }
            } else if (inCommands && !line.startsWith(" ")) {
                inCommands = false;
            }
        }
        return names;
    }
}
