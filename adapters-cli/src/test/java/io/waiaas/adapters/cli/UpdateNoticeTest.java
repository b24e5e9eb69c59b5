package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.domain.Version;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The update notice after a command (VCHK-05..07) over stub in-ports. */
class UpdateNoticeTest extends CliTestSupport {
    @Test
    void theNoticeIsFramedOnStderrOnATerminal() {
        terminal = true;
        Result r = run("status");
        assertEquals(0, r.exit());
        assertEquals("waiaas is stopped\n", r.out());
        assertTrue(r.err().contains("Update available: 1.2.3 \u2192 9.9.9"), r.err());
        assertTrue(r.err().contains("Run: waiaas upgrade"), r.err());
        assertTrue(r.err().contains("Release notes: waiaas upgrade --check"), "where the notes are: " + r.err());
        assertTrue(r.err().contains("\u256d") && r.err().contains("\u256f"), "framed: " + r.err());
    }

    @Test
    void theNoticeComesAfterTheCommandsOutputOnTheScreen() {
        terminal = true;
        terminalScreen = new StringWriter();
        String screen = run("status", "--no-color").out();
        assertTrue(screen.startsWith("waiaas is stopped\n"), screen);
        assertTrue(screen.indexOf("Update available") > screen.indexOf("waiaas is stopped"), screen);
    }

    @Test
    void inTheContainerImageTheNoticeNamesTheImageToPull() {
        terminal = true;
        env = Map.of("WAIAAS_IN_CONTAINER", "1");
        String err = run("status", "--no-color").err();
        assertTrue(err.contains("Pull the image of waiaas 9.9.9 (e.g. ghcr.io/waiaas/waiaas:9.9.9)"), err);
        assertFalse(err.contains("Run: waiaas upgrade"), err);
        assertTrue(err.contains("Release notes: waiaas upgrade --check"), "--check works in the image too: " + err);
    }

    @Test
    void theNoticeHasNoColourWithNoColor() {
        terminal = true;
        assertFalse(run("status", "--no-color").err().contains("\u001b["));
        env = Map.of("NO_COLOR", "1");
        assertFalse(run("status").err().contains("\u001b["));
        env = Map.of();
        assertTrue(run("status").err().contains("\u001b["));
        env = Map.of("NO_COLOR", ""); // no-color.org: an empty value does not count
        assertTrue(run("status").err().contains("\u001b["));
    }

    @Test
    void eachSuppressionHidesTheNoticeAndAsksNothing() {
        terminal = true;
        List<Map<String, String>> envs =
                List.of(Map.of("WAIAAS_NO_UPDATE_NOTIFY", "1"), Map.of("NO_UPDATE_NOTIFIER", ""), Map.of("CI", "true"));
        for (Map<String, String> e : envs) {
            env = e;
            assertEquals("", run("status").err(), e.toString());
        }
        env = Map.of();
        assertEquals("", run("status", "-q").err());
        assertEquals("", run("--quiet", "stop").err());
        terminal = false;
        assertEquals("", run("status").err());
        assertEquals(0, updates.asked, "a suppressed notice must not even be looked up");
    }

    @Test
    void upgradeVersionAndHelpNeverShowTheNotice() {
        terminal = true;
        updates.target = new TargetCheck.UpToDate(Version.parse("1.2.3"), Version.parse("1.2.3"));
        assertFalse(run("upgrade", "--check").err().contains("Update available"));
        assertFalse(run("update", "--check").err().contains("Update available"));
        assertFalse(run("--version").err().contains("Update available"));
        assertFalse(run("status", "--help").err().contains("Update available"));
    }

    @Test
    void aFailingLookupNeverChangesTheCommand() {
        terminal = true;
        updates.failure = new IllegalStateException("database on fire");
        Result r = run("status");
        assertEquals(0, r.exit());
        assertEquals("waiaas is stopped\n", r.out());
        assertEquals("", r.err());
    }
}
