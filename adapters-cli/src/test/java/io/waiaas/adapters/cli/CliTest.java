package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.DaemonStatus;
import io.waiaas.application.HealthSnapshot;
import io.waiaas.application.StopResult;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CliTest {
    private final StubControl control = new StubControl();
    private final List<GlobalOptions> opened = new ArrayList<>();

    @Test
    void versionPrintsTheVersionAlone() {
        Result r = run("--version");
        assertEquals(0, r.exit());
        assertEquals("1.2.3\n", r.out());
        assertEquals("", r.err());
        assertTrue(opened.isEmpty(), "--version must not open anything");
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("start") && r.out().contains("stop") && r.out().contains("status"), r.out());
    }

    @Test
    void anUnknownCommandIsAUsageErrorOnStderr() {
        Result r = run("frobnicate");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("waiaas: "), r.err());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, run().exit());
    }

    @Test
    void globalOptionsWorkAfterTheSubcommand() {
        Result r = run("stop", "--quiet", "--data-dir", "/tmp/x", "--no-color");
        assertEquals(0, r.exit());
        assertEquals(List.of(new GlobalOptions(Optional.of(Path.of("/tmp/x")), true, true, false)), opened);
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommand() {
        assertEquals(0, run("-q", "--data-dir=/tmp/y", "status").exit());
        assertEquals(new GlobalOptions(Optional.of(Path.of("/tmp/y")), true, false, false), opened.get(0));
    }

    @Test
    void stopWhenStoppedSaysSoAndSucceeds() {
        control.stop = new StopResult.NotRunning(false);
        Result r = run("stop");
        assertEquals(0, r.exit());
        assertEquals("waiaas is not running\n", r.out());
    }

    @Test
    void stopMentionsACleanedStalePidFile() {
        control.stop = new StopResult.NotRunning(true);
        assertEquals("waiaas is not running (removed a stale pid file)\n", run("stop").out());
    }

    @Test
    void statusAsJsonCarriesTheHealthFields() throws Exception {
        control.status = new DaemonStatus.Running(77, 3100, health());
        Result r = run("status", "--json");
        assertEquals(0, r.exit());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("running", json.get("state").textValue());
        assertEquals(77, json.get("pid").intValue());
        assertEquals("1.3.0", json.get("latestVersion").textValue());
        assertTrue(json.get("updateAvailable").booleanValue());
    }

    @Test
    void statusWhenStoppedIsOneLine() {
        assertEquals("waiaas is stopped\n", run("status").out());
    }

    @Test
    void anExpectedFailureIsOneLineWithItsExitCodeAndNoStackTrace() {
        control.failure = ApplicationException.refused("waiaas is already running (pid 9)");
        Result r = run("start", "-d");
        assertEquals(5, r.exit());
        assertEquals("waiaas: waiaas is already running (pid 9)\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void verboseAddsTheStackTrace() {
        control.failure = ApplicationException.failed("boom");
        Result r = run("start", "-d", "--verbose");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("waiaas: boom\n"));
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void anUnexpectedFailureExitsOne() {
        control.unexpected = new IllegalStateException("surprise");
        Result r = run("status");
        assertEquals(1, r.exit());
        assertFalse(r.err().contains("\tat "));
    }

    private static HealthSnapshot health() {
        return new HealthSnapshot(Version.parse("1.2.3"), Optional.of(Version.parse("1.3.0")), SchemaVersion.of(2),
                Duration.ofSeconds(5), Instant.ofEpochSecond(1_700_000_000L));
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = Cli.create("1.2.3", options -> {
            opened.add(options);
            return new InPorts() {
                @Override
                public RunDaemon runDaemon() {
                    throw new AssertionError("not used here");
                }

                @Override
                public ControlDaemon controlDaemon() {
                    return control;
                }
            };
        }, Map.of());
        int exit = cli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {}

    private static final class StubControl implements ControlDaemon {
        DaemonStatus status = new DaemonStatus.Stopped();
        StopResult stop = new StopResult.NotRunning(false);
        RuntimeException failure;
        RuntimeException unexpected;

        @Override
        public DaemonStatus status() {
            if (unexpected != null) {
                throw unexpected;
            }
            return status;
        }

        @Override
        public DaemonStatus.Running startDetached() {
            throw failure;
        }

        @Override
        public StopResult stop() {
            return stop;
        }
    }
}
