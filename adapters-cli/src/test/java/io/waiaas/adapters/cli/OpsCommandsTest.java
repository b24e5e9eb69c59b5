package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.in.Diagnosis;
import io.waiaas.application.port.in.Diagnosis.Check;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code waiaas doctor} (DOCT-01), {@code waiaas service} (SYSD-01) and {@code status --wait-ready}. */
class OpsCommandsTest extends CliTestSupport {

    @Test
    void doctorPrintsOneAlignedLinePerCheckAndExitsZeroWithWarnings() {
        diagnosis = new Diagnosis(List.of(
                Check.ok("data-dir", "/d is writable and owner-only"),
                Check.warn("signing-keys", "the registry publishes no signing keys")));
        Result result = run("doctor");
        assertEquals(0, result.exit(), result.err());
        assertEquals(
                "ok    data-dir      /d is writable and owner-only\n"
                        + "warn  signing-keys  the registry publishes no signing keys\n",
                result.out());
        assertEquals("", result.err());
    }

    @Test
    void doctorExitsOneWhenAnyCheckFails() {
        diagnosis = new Diagnosis(
                List.of(Check.ok("port", "free"), Check.fail("locks", "daemon.pid names pid 9, which is gone")));
        Result result = run("doctor");
        assertEquals(1, result.exit());
        assertTrue(result.out().contains("fail  locks  daemon.pid names pid 9"), result.out());
    }

    @Test
    void doctorJsonGivesOkAndEveryCheckWithNameStatusMessage() throws Exception {
        diagnosis = new Diagnosis(List.of(Check.ok("port", "free"), Check.fail("locks", "stale")));
        Result result = run("doctor", "--json");
        assertEquals(1, result.exit());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(false, json.get("ok").asBoolean());
        assertEquals(2, json.get("checks").size());
        assertEquals("locks", json.get("checks").get(1).get("name").asText());
        assertEquals("fail", json.get("checks").get(1).get("status").asText());
        assertEquals("stale", json.get("checks").get(1).get("message").asText());
    }

    @Test
    void serviceInstallEnablesAndSaysHowToStart() {
        Result result = run("service", "install", "--user");
        assertEquals(0, result.exit(), result.err());
        assertEquals(List.of("install user=true dry=false"), service.calls);
        assertEquals(
                "Installed /units/waiaas.service (enabled)\nStart it now: systemctl --user start waiaas\n",
                result.out());
    }

    @Test
    void serviceInstallDryRunPrintsTheUnitOnly() {
        Result result = run("service", "install", "--dry-run");
        assertEquals(0, result.exit(), result.err());
        assertEquals(List.of("install user=false dry=true"), service.calls);
        assertTrue(result.out().startsWith("[Service]\nExecStart=/opt/waiaas/bin/waiaas"), result.out());
        assertTrue(result.out().contains("nothing was written"), result.out());
    }

    @Test
    void serviceUninstallSaysWhatItRemovedOrThatThereWasNothing() {
        Result none = run("service", "uninstall");
        assertEquals(0, none.exit());
        assertEquals("No system unit waiaas.service is installed; nothing to do\n", none.out());
        service.installed = Optional.of("/units/waiaas.service");
        Result removed = run("service", "uninstall", "--user");
        assertEquals("Removed /units/waiaas.service (stopped and disabled)\n", removed.out());
        assertEquals(List.of("uninstall user=false", "uninstall user=true"), service.calls);
    }

    @Test
    void statusWaitReadyWaitsUntilTheDaemonIsRunning() {
        control.first.add(new DaemonStatus.Stopped());
        control.first.add(new DaemonStatus.Starting(77, 3100));
        control.status = new DaemonStatus.Running(77, 3100, health());
        Result result = run("status", "--wait-ready", "10");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().startsWith("waiaas is running"), result.out());
        assertTrue(control.first.isEmpty(), "it asked until the daemon ran");
    }

    @Test
    void statusWaitReadyFailsWhenTheDaemonDoesNotGetReady() {
        control.status = new DaemonStatus.Starting(77, 3100);
        Result result = run("status", "--wait-ready", "1");
        assertEquals(1, result.exit());
        assertTrue(result.err().contains("not ready after 1 s (still starting)"), result.err());
    }
}
