package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.in.DescribeUpdates;
import io.waiaas.application.port.in.StartClearance;
import io.waiaas.application.port.in.StopResult;
import io.waiaas.application.port.in.WebhookReport;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.MaintenanceWindow;
import io.waiaas.domain.Reason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code waiaas start}, {@code stop} and {@code status} over stub in-ports. */
class DaemonCommandsTest extends CliTestSupport {
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
        assertEquals(
                "waiaas is not running (removed a stale pid file)\n",
                run("stop").out());
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
    void statusNamesTheWebhookReceiverAndTheLastDeliveryOnlyWhenConfigured() throws Exception {
        control.status = new DaemonStatus.Stopped();
        assertEquals("waiaas is stopped\n", run("status").out());
        assertFalse(new ObjectMapper().readTree(run("status", "--json").out()).has("webhooks"));

        webhooks = new WebhookReport(Optional.of("https://hooks.example"), Optional.empty());
        assertEquals(
                "waiaas is stopped\n  webhooks https://hooks.example (nothing sent yet)\n",
                run("status").out());
        webhooks = new WebhookReport(
                Optional.of("https://hooks.example"),
                Optional.of(new WebhookDelivery(
                        Instant.ofEpochSecond(1_700_000_000L),
                        "upgrade.rolled_back",
                        "id-1",
                        WebhookDelivery.Outcome.RETRYING,
                        "connection refused by https://hooks.example")));
        assertEquals(
                "waiaas is stopped\n  webhooks https://hooks.example (last: upgrade.rolled_back not delivered yet,"
                        + " retrying: connection refused by https://hooks.example, 2023-11-14 22:13 UTC)\n",
                run("status").out());
        JsonNode json =
                new ObjectMapper().readTree(run("status", "--json").out()).get("webhooks");
        assertTrue(json.get("configured").booleanValue());
        assertEquals("https://hooks.example", json.get("receiver").textValue());
        assertEquals("retrying", json.get("last").get("outcome").textValue());
        assertEquals("upgrade.rolled_back", json.get("last").get("event").textValue());
    }

    @Test
    void statusSaysWhyTheLatestReleaseIsUnknown() throws Exception {
        HealthSnapshot unknown = new HealthSnapshot(
                Version.parse("1.2.3"),
                Optional.empty(),
                SchemaVersion.of(2),
                Duration.ofSeconds(5),
                Instant.ofEpochSecond(1_700_000_000L));
        CheckFailure failure = new CheckFailure(
                "npm registry https://npm.example/ refused access (HTTP 401)", Instant.ofEpochSecond(1_700_000_000L));
        control.status = new DaemonStatus.Running(77, 3100, unknown, Optional.of(failure));

        assertTrue(
                run("status")
                        .out()
                        .contains("  latest   unknown (the last check, 2023-11-14 22:13 UTC, failed: npm registry"
                                + " https://npm.example/ refused access (HTTP 401))\n"),
                run("status").out());
        JsonNode json = new ObjectMapper().readTree(run("status", "--json").out());
        assertTrue(json.get("latestVersion").isNull());
        assertEquals(
                "npm registry https://npm.example/ refused access (HTTP 401)",
                json.get("lastCheckError").textValue());
        assertEquals("2023-11-14T22:13:20Z", json.get("lastCheckFailedAt").textValue());
    }

    @Test
    void statusWhenStoppedIsOneLine() {
        assertEquals("waiaas is stopped\n", run("status").out());
    }

    @Test
    void statusSaysHowUpdatesAreAppliedAndHowTheLastUpgradeEnded() throws Exception {
        updatesReport = new DescribeUpdates.Report(
                AutoApply.PATCH,
                MaintenanceWindow.parseAll("Sun 02:00-04:00"),
                Optional.of(new UpgradeRecord(
                        Instant.parse("2026-12-06T02:01:30Z"),
                        UpgradeRecord.Action.UPGRADE,
                        UpgradeRecord.Result.ROLLED_BACK,
                        Optional.of(Version.parse("1.4.2")),
                        Optional.of(Version.parse("1.4.3")),
                        Optional.of(Reason.MIGRATION_FAILED))));

        assertEquals("""
                waiaas is stopped
                  updates  unattended: patch releases in Sun 02:00-04:00 (local time)
                  last     upgrade 1.4.2 → 1.4.3: rolled back (migration-failed) at 2026-12-06 02:01 UTC
                """, run("status").out());
        JsonNode updates =
                new ObjectMapper().readTree(run("status", "--json").out()).get("updates");
        assertEquals("patch", updates.get("autoApply").textValue());
        assertEquals("Sun 02:00-04:00", updates.get("windows").get(0).textValue());
        assertEquals("rolled-back", updates.get("lastUpgrade").get("result").textValue());
        assertEquals(
                "migration-failed", updates.get("lastUpgrade").get("reason").textValue());
        assertEquals("1.4.3", updates.get("lastUpgrade").get("to").textValue());
    }

    @Test
    void startDoesNotRunOnTopOfAnInterruptedUpgradeThatCouldNotBePutRight() {
        starts.clearance = new StartClearance.RecoveryFailed(new UpgradeOutcome.RollbackFailed(
                UpgradeStep.MIGRATE,
                Reason.INTERRUPTED,
                "the upgrade was interrupted",
                "the backup is damaged",
                List.of("waiaas stop", "waiaas start -d")));
        control.failure = ApplicationException.failed("must not be called");
        Result r = run("start", "-d");
        assertEquals(4, r.exit());
        assertTrue(
                r.err()
                        .startsWith(
                                "waiaas: upgrade failed at step 5 (migrate): the upgrade was interrupted;"
                                        + " the rollback failed too: the backup is damaged\nTo recover by hand:\n  1. waiaas stop\n"),
                r.err());
        assertFalse(control.started, "a daemon was started on top of a failed recovery");
    }

    @Test
    void startDetachedReportsTheDaemonTheInterruptedUpgradeHadStartedAndSucceeds() {
        starts.clearance = new StartClearance.AlreadyServing(new DaemonStatus.Running(4242, 3100, health()));
        control.failure = ApplicationException.failed("must not be called");
        Result r = run("start", "-d");
        assertEquals(0, r.exit(), r.err());
        assertEquals("waiaas 1.2.3 is running (pid 4242, port 3100), started by the interrupted upgrade\n", r.out());
        assertFalse(control.started, "a second daemon was started to race the first");
    }

    @Test
    void aForegroundStartAfterARecoveryThatSwitchedVersionsNamesTheVersionToStart() {
        starts.clearance = new StartClearance.OtherVersionCurrent(Version.parse("1.3.0"), Version.parse("1.2.3"));
        Result r = run("start");
        assertEquals(1, r.exit());
        assertEquals(
                "waiaas: the recovery left 1.3.0 current, not this 1.2.3: run waiaas start again to start 1.3.0\n",
                r.err());
    }
}
