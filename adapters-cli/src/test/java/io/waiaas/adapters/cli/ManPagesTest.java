package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HELP-04: a man page for waiaas and each command, from the model their help comes from, that man renders. */
class ManPagesTest {
    @TempDir
    Path dir;

    @Test
    void writesAPageForEveryCommandThatManRenders() throws Exception {
        List<Path> pages = ManPages.write(dir, "1.2.3");
        List<String> names =
                pages.stream().map(p -> p.getFileName().toString()).sorted().toList();
        assertEquals(
                List.of(
                        "waiaas-backup-create.1",
                        "waiaas-backup-list.1",
                        "waiaas-backup-restore.1",
                        "waiaas-backup.1",
                        "waiaas-completion.1",
                        "waiaas-db-downgrade.1",
                        "waiaas-db-migrate.1",
                        "waiaas-db-status.1",
                        "waiaas-db.1",
                        "waiaas-doctor.1",
                        "waiaas-logs.1",
                        "waiaas-mcp.1",
                        "waiaas-service-install.1",
                        "waiaas-service-uninstall.1",
                        "waiaas-service.1",
                        "waiaas-start.1",
                        "waiaas-status.1",
                        "waiaas-stop.1",
                        "waiaas-upgrade.1",
                        "waiaas.1"),
                names);

        String root = render(dir.resolve("waiaas.1"));
        assertTrue(root.contains("waiaas - Self-hosted daemon with a self-updating command line."), root);
        assertTrue(root.contains("EXIT STATUS"), root);
        assertTrue(root.contains("an update is available (upgrade --check --exit-code only)"), root);
        assertTrue(root.contains("upgrade, update"), root);

        String upgrade = render(dir.resolve("waiaas-upgrade.1"));
        assertTrue(upgrade.contains("--dry-run"), upgrade);
        assertTrue(upgrade.contains("--to=VERSION|TAG|RANGE"), upgrade);
        assertTrue(upgrade.contains("waiaas(1)"), upgrade);

        String logs = render(dir.resolve("waiaas-logs.1"));
        assertTrue(logs.contains("(default: 50)"), logs);
        for (Path page : pages) {
            assertTrue(render(page).contains("NAME"), page.toString());
        }
    }

    @Test
    void escapesWhatTroffWouldReadAsControl() {
        assertEquals("\\&.hidden \\e \\-\\-x", ManPages.escape(".hidden \\ --x"));
    }

    /** Render {@code page} with man(1) as a reader would, plain text at 80 columns. */
    private static String render(Path page) throws Exception {
        ProcessBuilder man = new ProcessBuilder("man", "-l", page.toString());
        man.environment().put("MANPAGER", "cat");
        man.environment().put("MANWIDTH", "80");
        man.redirectErrorStream(true);
        Process process = man.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "man did not finish");
        assertEquals(0, process.exitValue(), out);
        assertTrue(!out.contains("warning"), out);
        return out.replaceAll(".\b", ""); // no overstrike, should a man bold by backspacing
    }

    @Test
    void theFilesAreWrittenForReaders() throws Exception {
        Path page = ManPages.write(dir, "1.2.3").getFirst();
        assertTrue(Files.readString(page).startsWith(".TH WAIAAS 1 \"\" \"waiaas 1.2.3\" \"waiaas Manual\""));
    }
}
