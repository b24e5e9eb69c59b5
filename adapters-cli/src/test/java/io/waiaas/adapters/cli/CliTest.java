package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.CheckResult;
import io.waiaas.application.DaemonStatus;
import io.waiaas.application.HealthSnapshot;
import io.waiaas.application.StopResult;
import io.waiaas.application.TargetCheck;
import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.NotifyUpdates;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.UpgradeListener;
import io.waiaas.application.UpgradeRequest;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.BackupId;
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
    private final StubUpdates updates = new StubUpdates();
    private final StubUpgrades upgrades = new StubUpgrades();
    private final List<GlobalOptions> opened = new ArrayList<>();
    private Map<String, String> env = Map.of();
    private boolean terminal;

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

    @Test
    void theNoticeIsFramedOnStderrOnATerminal() {
        terminal = true;
        Result r = run("status");
        assertEquals(0, r.exit());
        assertEquals("waiaas is stopped\n", r.out());
        assertTrue(r.err().contains("Update available: 1.2.3 \u2192 9.9.9"), r.err());
        assertTrue(r.err().contains("Run: waiaas upgrade"), r.err());
        assertTrue(r.err().contains("\u256d") && r.err().contains("\u256f"), "framed: " + r.err());
    }

    @Test
    void theNoticeHasNoColourWithNoColor() {
        terminal = true;
        assertFalse(run("status", "--no-color").err().contains("\u001b["));
        env = Map.of("NO_COLOR", "");
        assertFalse(run("status").err().contains("\u001b["));
        env = Map.of();
        assertTrue(run("status").err().contains("\u001b["));
    }

    @Test
    void eachSuppressionHidesTheNoticeAndAsksNothing() {
        terminal = true;
        List<Map<String, String>> envs = List.of(Map.of("WAIAAS_NO_UPDATE_NOTIFY", "1"),
                Map.of("NO_UPDATE_NOTIFIER", ""), Map.of("CI", "true"));
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

    @Test
    void upgradeCheckPrintsTheTargetAndHowToGetThere() {
        updates.target = new TargetCheck.UpdateAvailable(Version.parse("1.2.3"), Version.parse("1.3.0"));
        Result r = run("upgrade", "--check");
        assertEquals(0, r.exit());
        assertEquals("Update available: 1.2.3 \u2192 1.3.0\nRun: waiaas upgrade\n", r.out());
        assertEquals(Optional.empty(), updates.askedTo);

        Result ranged = run("upgrade", "--check", "--to", "^1.2");
        assertEquals(Optional.of("^1.2"), updates.askedTo);
        assertTrue(ranged.out().endsWith("Run: waiaas upgrade --to 1.3.0\n"), ranged.out());
    }

    @Test
    void upgradeCheckWhenUpToDate() {
        updates.target = new TargetCheck.UpToDate(Version.parse("1.2.3"), Version.parse("1.2.3"));
        assertEquals("Already up to date (1.2.3)\n", run("upgrade", "--check").out());
    }

    @Test
    void upgradeCheckAsJson() throws Exception {
        updates.target = new TargetCheck.Downgrade(Version.parse("1.2.3"), Version.parse("1.0.0"));
        JsonNode json = new ObjectMapper().readTree(run("upgrade", "--check", "--json").out());
        assertEquals("1.2.3", json.get("current").textValue());
        assertEquals("1.0.0", json.get("target").textValue());
        assertFalse(json.get("updateAvailable").booleanValue());
        assertTrue(json.get("downgrade").booleanValue());
    }

    @Test
    void upgradeCheckFailuresAreOneLine() {
        updates.checkFailure = ApplicationException.failed("npm registry answered HTTP 500");
        Result registry = run("upgrade", "--check");
        assertEquals(1, registry.exit());
        assertEquals("waiaas: npm registry answered HTTP 500\n", registry.err());
        updates.checkFailure = io.waiaas.domain.DomainException.invalid("not a version, tag or range: '^^1'");
        Result usage = run("upgrade", "--check", "--to", "^^1");
        assertEquals(2, usage.exit());
        assertEquals(1, usage.err().lines().count());
    }

    @Test
    void upgradeAnnouncesStepsAndEndsWithTheOutcome() {
        upgrades.outcome = new UpgradeOutcome.Upgraded(Version.parse("1.2.3"), Version.parse("1.3.0"),
                BackupId.of("pre-upgrade-1.2.3-20261126000000"));
        Result r = run("upgrade", "--to", "1.3.0", "--no-start");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("[1/7] check: resolving\n      done in 1.5 s: 1.2.3 \u2192 1.3.0\n"), r.out());
        assertTrue(r.out().contains("Upgrade complete: 1.2.3 \u2192 1.3.0\n"), r.out());
        assertEquals(new UpgradeRequest(Optional.of("1.3.0"), false, true, false), upgrades.request);
    }

    @Test
    void eachFailedOutcomeHasItsExitCodeAndOneLine() {
        upgrades.outcome = new UpgradeOutcome.RolledBack(UpgradeStep.MIGRATE, "near THIS: syntax error",
                Version.parse("1.2.3"));
        Result rolledBack = run("upgrade");
        assertEquals(3, rolledBack.exit());
        assertEquals("waiaas: upgrade failed at step 5 (migrate): near THIS: syntax error; rolled back to 1.2.3\n",
                rolledBack.err());
        upgrades.outcome = new UpgradeOutcome.Refused("another upgrade or rollback is running for this data dir");
        assertEquals(5, run("upgrade").exit());
        upgrades.outcome = new UpgradeOutcome.RollbackFailed(UpgradeStep.RESTART, "no answer", "disk full",
                List.of("waiaas stop", "waiaas backup restore x"));
        Result failed = run("upgrade");
        assertEquals(4, failed.exit());
        assertTrue(failed.err().contains("  2. waiaas backup restore x"), failed.err());
    }

    @Test
    void upgradeAsJsonIsOneObjectPerLine() throws Exception {
        upgrades.outcome = new UpgradeOutcome.UpToDate(Version.parse("1.2.3"));
        Result r = run("upgrade", "--json");
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertEquals("check", new ObjectMapper().readTree(lines.get(0)).get("name").textValue());
        assertEquals("up-to-date", new ObjectMapper().readTree(lines.get(1)).get("outcome").textValue());
    }

    @Test
    void rollbackGoesThroughItsOwnPort() {
        upgrades.outcome = new UpgradeOutcome.Reverted(Version.parse("1.3.0"), Version.parse("1.2.3"),
                BackupId.of("pre-rollback-1.3.0-20261126000000"));
        Result r = run("upgrade", "--rollback");
        assertEquals(0, r.exit());
        assertTrue(upgrades.rolledBack);
        assertTrue(r.out().startsWith("Rollback complete: 1.3.0 \u2192 1.2.3\n"), r.out());
        assertEquals(2, run("upgrade", "--rollback", "--to", "1.0.0").exit());
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

                @Override
                public NotifyUpdates notifyUpdates() {
                    return updates;
                }

                @Override
                public CheckForUpdates checkForUpdates() {
                    return updates;
                }

                @Override
                public PerformUpgrade performUpgrade() {
                    return upgrades;
                }
            };
        }, env, terminal);
        int exit = cli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {}

    private static final class StubUpgrades implements PerformUpgrade {
        UpgradeOutcome outcome;
        UpgradeRequest request;
        boolean rolledBack;

        @Override
        public UpgradeOutcome upgrade(UpgradeRequest request, UpgradeListener listener) {
            this.request = request;
            listener.stepStarted(UpgradeStep.CHECK, "resolving");
            listener.stepFinished(UpgradeStep.CHECK, Duration.ofMillis(1500), "1.2.3 \u2192 1.3.0");
            return outcome;
        }

        @Override
        public UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener) {
            rolledBack = true;
            return outcome;
        }

        @Override
        public Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener) {
            return Optional.empty();
        }
    }

    private static final class StubUpdates implements NotifyUpdates, CheckForUpdates {
        int asked;
        RuntimeException failure;
        RuntimeException checkFailure;
        TargetCheck target;
        Optional<String> askedTo = Optional.empty();

        @Override
        public Optional<Version> dueNotice() {
            asked++;
            if (failure != null) {
                throw failure;
            }
            return Optional.of(Version.parse("9.9.9"));
        }

        @Override
        public Version current() {
            return Version.parse("1.2.3");
        }

        @Override
        public CheckResult checkNow() {
            throw new AssertionError("not used by the CLI");
        }

        @Override
        public Optional<Version> loadStored() {
            throw new AssertionError("not used by the CLI");
        }

        @Override
        public TargetCheck checkTarget(Optional<String> to) {
            askedTo = to;
            if (checkFailure != null) {
                throw checkFailure;
            }
            return target;
        }
    }

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
