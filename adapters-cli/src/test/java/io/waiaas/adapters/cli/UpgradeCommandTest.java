package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.DescribeRelease;
import io.waiaas.application.port.in.RollbackPlan;
import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.Reason;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code waiaas upgrade}: the check, the plan, its confirmation, the outcome and {@code --rollback}. */
class UpgradeCommandTest extends CliTestSupport {
    @Test
    void upgradeCheckPrintsTheTargetAndHowToGetThere() {
        updates.target = new TargetCheck.UpdateAvailable(Version.parse("1.2.3"), Version.parse("1.3.0"));
        Result r = run("upgrade", "--check");
        assertEquals(0, r.exit());
        assertEquals(
                "Update available: 1.2.3 \u2192 1.3.0\nRelease notes: none published for 1.2.3 \u2192 1.3.0\n"
                        + "Run: waiaas upgrade\n",
                r.out());
        assertEquals(Optional.empty(), updates.askedTo);

        Result ranged = run("upgrade", "--check", "--to", "^1.2");
        assertEquals(Optional.of("^1.2"), updates.askedTo);
        assertTrue(ranged.out().endsWith("Run: waiaas upgrade --to 1.3.0\n"), ranged.out());
    }

    /** 1.3.0 breaks something and adds a feature; 1.2.4 fixes a bug; the database moves from schema 2 to 3. */
    private void notesBetween123And130() {
        releaseDetails = (from, to) -> new DescribeRelease.Details(
                from,
                to,
                List.of(
                        new ReleaseNotes(
                                Version.parse("1.3.0"),
                                Optional.of(LocalDate.of(2026, 12, 1)),
                                List.of(
                                        new ReleaseNotes.Section("Features", List.of("cli: doctor")),
                                        new ReleaseNotes.Section(
                                                "\u26a0 BREAKING CHANGES", List.of("upgrade: the journal moved")))),
                        new ReleaseNotes(
                                Version.parse("1.2.4"),
                                Optional.empty(),
                                List.of(new ReleaseNotes.Section("Bug Fixes", List.of("sqlite: busy backups"))))),
                0,
                Optional.of(Instant.parse("2026-12-01T10:00:00Z")),
                Optional.of(ReleaseSchema.of(3, 1)),
                Optional.of(SchemaVersion.of(2)),
                List.of());
    }

    @Test
    void theCheckShowsTheReleaseNotesBetweenTheVersionsBreakingChangesFirst() {
        updates.target = new TargetCheck.UpdateAvailable(Version.parse("1.2.3"), Version.parse("1.3.0"));
        notesBetween123And130();
        Result r = run("upgrade", "--check");
        assertEquals(0, r.exit(), r.err());
        assertEquals(
                String.join(
                        "\n",
                        "Update available: 1.2.3 \u2192 1.3.0",
                        "1.3.0 was published on 2026-12-01",
                        "Release notes 1.2.3 \u2192 1.3.0:",
                        "  \u26a0 Breaking changes:",
                        "    - 1.3.0: upgrade: the journal moved",
                        "  1.3.0 (2026-12-01)",
                        "    Features:",
                        "      - cli: doctor",
                        "  1.2.4",
                        "    Bug Fixes:",
                        "      - sqlite: busy backups",
                        "Database: migrated from schema 2 to 3 at step 5, after a verified backup",
                        "Run: waiaas upgrade",
                        ""),
                r.out());
        assertEquals(List.of("1.2.3\u21921.3.0"), described);
    }

    @Test
    void theCheckAsJsonAddsReleaseNotesPublicationSchemaAndStops() throws Exception {
        updates.target = new TargetCheck.UpdateAvailable(Version.parse("1.2.3"), Version.parse("1.3.0"));
        notesBetween123And130();
        JsonNode json =
                new ObjectMapper().readTree(run("upgrade", "--check", "--json").out());
        assertTrue(json.path("updateAvailable").asBoolean(), json.toString());
        assertEquals("2026-12-01T10:00:00Z", json.path("publishedAt").asText());
        assertEquals("1.3.0", json.path("releaseNotes").path(0).path("version").asText());
        assertEquals(
                "upgrade: the journal moved",
                json.path("releaseNotes").path(0).path("breaking").path(0).asText());
        assertEquals(
                "cli: doctor",
                json.path("releaseNotes")
                        .path(0)
                        .path("sections")
                        .path(0)
                        .path("items")
                        .path(0)
                        .asText());
        assertEquals("1.2.4", json.path("releaseNotes").path(1).path("version").asText());
        assertEquals(2, json.path("schema").path("database").asInt());
        assertEquals(3, json.path("schema").path("target").asInt());
        assertTrue(json.path("schema").path("migrates").asBoolean());
        assertTrue(json.path("requiredStops").isArray()
                && json.path("requiredStops").isEmpty());
    }

    @Test
    void noNotesAreAskedForWhenThereIsNoUpdate() {
        updates.target = new TargetCheck.UpToDate(Version.parse("1.2.3"), Version.parse("1.2.3"));
        assertEquals("Already up to date (1.2.3)\n", run("upgrade", "--check").out());
        assertEquals(List.of(), described);
    }

    @Test
    void notesThatCannotBeReadAreSaidInOneLineAndTheCheckStillAnswers() {
        updates.target = new TargetCheck.UpdateAvailable(Version.parse("1.2.3"), Version.parse("1.3.0"));
        releaseDetails = (from, to) -> {
            throw new ApplicationException(io.waiaas.domain.ErrorCode.FAILED, "npm registry is unreachable");
        };
        Result r = run("upgrade", "--check", "--exit-code");
        assertEquals(100, r.exit());
        assertEquals("Update available: 1.2.3 \u2192 1.3.0\nRun: waiaas upgrade\n", r.out());
        assertEquals("waiaas: the release notes could not be read: npm registry is unreachable\n", r.err());
    }

    @Test
    void anUpgradeFromAPackageFileGoesThroughTheFilesInPortsWithItsDigest(@TempDir Path tmp) throws Exception {
        Path tgz = Files.writeString(tmp.resolve("waiaas-cli-1.3.0.tgz"), "not read by the command itself");
        Result r = run("upgrade", "--from", tgz.toString(), "--integrity", "sha512-abc");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(tgz + " sha512-abc false"), upgradesFrom);
        assertEquals(1, upgrades.executions);
        assertEquals(
                0,
                run("upgrade", "--from", tgz.toString(), "--allow-unverified", "--dry-run")
                        .exit());
        assertEquals(tgz + " - true", upgradesFrom.getLast());
    }

    @Test
    void theOptionsOfAnUpgradeFromAFileAreRefusedWhereTheyDoNotBelong(@TempDir Path tmp) throws Exception {
        String tgz = Files.writeString(tmp.resolve("p.tgz"), "x").toString();
        Map<List<String>, String> refusals = Map.of(
                List.of("upgrade", "--integrity", "sha512-abc"),
                "waiaas: --integrity and --allow-unverified go with --from FILE only\n",
                List.of("upgrade", "--allow-unverified"),
                "waiaas: --integrity and --allow-unverified go with --from FILE only\n",
                List.of("upgrade", "--from", tgz, "--to", "1.3.0"),
                "waiaas: --from installs the package file's own version and cannot be combined with --to\n",
                List.of("upgrade", "--from", tgz, "--integrity", "sha512-abc", "--allow-unverified"),
                "waiaas: --integrity and --allow-unverified contradict each other; give one\n",
                List.of("upgrade", "--from", tmp.resolve("missing.tgz").toString()),
                "waiaas: --from " + tmp.resolve("missing.tgz") + ": no such file; give the path of a release package"
                        + " (.tgz)\n",
                List.of("upgrade", "--from", tmp.toString()),
                "waiaas: --from " + tmp + ": not a file; give the path of a release package (.tgz)\n",
                List.of("upgrade", "--rollback", "--from", tgz),
                "waiaas: --rollback cannot be combined with --to, --from or --allow-downgrade\n");
        refusals.forEach((args, message) -> {
            Result r = run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), args.toString());
            assertEquals(message, r.err(), args.toString());
        });
        assertEquals(2, run("upgrade", "--check", "--from", tgz).exit());
        assertEquals(List.of(), upgradesFrom, "nothing was read");
        assertEquals(0, upgrades.executions);
    }

    @Test
    void checkWithAnOptionItWouldNotHeedIsRefusedBeforeAnyNetwork() {
        updates.target = new TargetCheck.UpdateAvailable(Version.parse("1.2.3"), Version.parse("1.3.0"));
        for (String option : List.of("--rollback", "--no-start", "--dry-run")) {
            Result r = run("upgrade", "--check", option);
            assertEquals(2, r.exit(), option);
            assertEquals(
                    "waiaas: --check only tells whether an update is available and cannot be combined with " + option
                            + "; run it without --check\n",
                    r.err());
            assertEquals("", r.out());
        }
        assertEquals(0, updates.targetChecks, "the registry was asked");
        assertEquals(0, run("upgrade", "--check", "--yes", "--json").exit(), "--yes and --json go with --check");
    }

    @Test
    void inTheContainerImageTheCheckNamesTheImageToPullNotACommandThatRefuses() {
        env = Map.of("WAIAAS_IN_CONTAINER", "1");
        updates.target = new TargetCheck.UpdateAvailable(Version.parse("1.2.3"), Version.parse("1.3.0"));
        assertEquals(
                "Update available: 1.2.3 \u2192 1.3.0\nRelease notes: none published for 1.2.3 \u2192 1.3.0\n"
                        + "Pull the image of waiaas 1.3.0 (e.g."
                        + " ghcr.io/waiaas/waiaas:1.3.0) and recreate the container\n",
                run("upgrade", "--check").out());
        updates.target = new TargetCheck.Downgrade(Version.parse("1.2.3"), Version.parse("1.0.0"));
        assertTrue(run("upgrade", "--check", "--to", "1.0.0").out().endsWith(" and recreate the container\n"));
    }

    @Test
    void exitCodeTellsAnAvailableUpdateByExit100AsDnfCheckUpdateDoes() {
        updates.target = new TargetCheck.UpdateAvailable(Version.parse("1.2.3"), Version.parse("1.3.0"));
        assertEquals(100, run("upgrade", "--check", "--exit-code").exit());
        assertEquals(100, run("upgrade", "--check", "--exit-code", "--json").exit());
        assertEquals(0, run("upgrade", "--check").exit(), "only on request");
        updates.target = new TargetCheck.UpToDate(Version.parse("1.2.3"), Version.parse("1.2.3"));
        assertEquals(0, run("upgrade", "--check", "--exit-code").exit());
        updates.target = new TargetCheck.Downgrade(Version.parse("1.2.3"), Version.parse("1.0.0"));
        assertEquals(
                0, run("upgrade", "--check", "--exit-code", "--to", "1.0.0").exit(), "a downgrade is no update");

        Result alone = run("upgrade", "--exit-code");
        assertEquals(2, alone.exit());
        assertEquals("waiaas: --exit-code goes with --check only\n", alone.err());
        assertEquals(null, upgrades.request, "nothing was planned");
    }

    @Test
    void upgradeCheckWhenUpToDate() {
        updates.target = new TargetCheck.UpToDate(Version.parse("1.2.3"), Version.parse("1.2.3"));
        assertEquals("Already up to date (1.2.3)\n", run("upgrade", "--check").out());
    }

    @Test
    void upgradeCheckAsJson() throws Exception {
        updates.target = new TargetCheck.Downgrade(Version.parse("1.2.3"), Version.parse("1.0.0"));
        JsonNode json =
                new ObjectMapper().readTree(run("upgrade", "--check", "--json").out());
        assertEquals("1.2.3", json.get("current").textValue());
        assertEquals("1.0.0", json.get("target").textValue());
        assertFalse(json.get("updateAvailable").booleanValue());
        assertTrue(json.get("downgrade").booleanValue());
    }

    @Test
    void aFailingJsonCommandWritesAnErrorObjectToStdoutBesidesTheLineOnStderr() throws Exception {
        updates.checkFailure = ApplicationException.failed("npm registry answered HTTP 500");
        Result r = run("upgrade", "--check", "--json");
        assertEquals(1, r.exit());
        assertEquals("waiaas: npm registry answered HTTP 500\n", r.err());
        JsonNode error = new ObjectMapper().readTree(r.out());
        assertEquals("npm registry answered HTTP 500", error.get("error").textValue());
        assertEquals("failed", error.get("code").textValue());
        assertEquals(1, error.get("exitCode").intValue());

        Result text = run("upgrade", "--check");
        assertEquals("", text.out(), "without --json, stdout stays empty");
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

    /** Issue 16, finding 2: the upgrade's last line names the command to use from now on, when it changed. */
    @Test
    void theLastLineNamesTheCommandToUseFromNowOnWhenItIsNotTheOneThatRan() {
        upgrades.executed = new UpgradeOutcome.Upgraded(
                Version.parse("1.2.3"), Version.parse("1.3.0"), BackupId.of("pre-upgrade-1.2.3-20261126000000"));
        commandFromNowOn = Optional.of("/d/runtime/bin/waiaas");
        Result r = run("upgrade", "--yes");
        assertEquals(0, r.exit(), r.err());
        assertEquals(
                "From now on run waiaas as: /d/runtime/bin/waiaas",
                r.out().strip().lines().toList().getLast());
        commandFromNowOn = Optional.empty();
        Result same = run("upgrade", "--yes");
        assertFalse(same.out().contains("From now on"), same.out());

        // A failed upgrade rolled back keeps its one line on stderr; the command is stdout's last line.
        commandFromNowOn = Optional.of("/d/runtime/bin/waiaas");
        upgrades.executed = new UpgradeOutcome.RolledBack(
                UpgradeStep.INSTALL, Reason.INSTALL_FAILED, "npm registry refused", Version.parse("1.2.3"));
        Result rolledBack = run("upgrade", "--yes");
        assertEquals(3, rolledBack.exit());
        assertEquals(
                "waiaas: upgrade failed at step 4 (install): npm registry refused; rolled back to 1.2.3\n",
                rolledBack.err());
        assertEquals(
                "From now on run waiaas as: /d/runtime/bin/waiaas",
                rolledBack.out().strip().lines().toList().getLast());
    }

    @Test
    void upgradeAnnouncesStepsAndEndsWithTheOutcome() {
        upgrades.executed = new UpgradeOutcome.Upgraded(
                Version.parse("1.2.3"), Version.parse("1.3.0"), BackupId.of("pre-upgrade-1.2.3-20261126000000"));
        Result r = run("upgrade", "--to", "1.3.0", "--no-start");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("[1/7] check: resolving\n      done in 1.5 s: 1.2.3 \u2192 1.3.0\n"), r.out());
        assertTrue(r.out().contains("Upgrade complete: 1.2.3 \u2192 1.3.0\n"), r.out());
        assertEquals(new UpgradeRequest(Optional.of("1.3.0"), false, true), upgrades.request);
        assertEquals(1, upgrades.executions, "the plan was carried out once");
    }

    @Test
    void aDryRunPrintsThePlanAndCarriesNothingOut() {
        Result r = run("upgrade", "--dry-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Plan: upgrade 1.2.3 \u2192 1.3.0 (dry run, nothing changed)\n"), r.out());
        assertTrue(r.out().contains("[7/7] restart: start the daemon again"), r.out());
        assertEquals(0, upgrades.executions);
    }

    @Test
    void aDryRunAndTheConfirmationOfRequiredStopsShowTheReleaseNotes() {
        notesBetween123And130();
        Result dry = run("upgrade", "--dry-run");
        assertTrue(
                dry.out()
                        .contains("[7/7] restart: start the daemon again\n1.3.0 was published on 2026-12-01\n"
                                + "Release notes 1.2.3 \u2192 1.3.0:\n  \u26a0 Breaking changes:\n"),
                dry.out());
        assertTrue(run("upgrade", "--dry-run", "--json").out().contains("\"releaseNotes\":[{\"version\":\"1.3.0\""));

        upgrades.planned = STOPS;
        answer = Optional.of(false);
        Result asking = run("upgrade");
        assertTrue(asking.out().contains("    - 1.3.0: upgrade: the journal moved\n"), asking.out());
        assertEquals(1, asked.size(), "the notes come before the one question");
    }

    @Test
    void aDryRunWithRequiredStopsPrintsTheRoute() {
        upgrades.planned = STOPS;
        Result r = run("upgrade", "--dry-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Required stops: 1.2.0 \u2192 1.5.0 \u2192 2.0.0\n"), r.out());
        Result json = run("upgrade", "--dry-run", "--json");
        assertTrue(json.out().contains("\"route\":[\"1.2.0\",\"1.5.0\",\"2.0.0\"]"), json.out());
        assertEquals(0, upgrades.executions);
    }

    @Test
    void yesConfirmsTheWalkThroughRequiredStops() {
        upgrades.planned = STOPS;
        assertEquals(0, run("upgrade", "--yes").exit());
        assertEquals(1, upgrades.executions);
        assertEquals(List.of(), asked, "--yes asks nothing");
    }

    @Test
    void requiredStopsAreAskedForOnATerminalAndRefusedWithoutAYes() {
        upgrades.planned = STOPS;
        answer = Optional.of(false);
        Result declined = run("upgrade");
        assertEquals(5, declined.exit());
        assertEquals(
                "waiaas: the upgrade through 1.2.0 \u2192 1.5.0 \u2192 2.0.0 was not confirmed; nothing changed"
                        + " (add --yes to confirm)\n",
                declined.err());
        assertEquals(0, upgrades.executions);
        assertTrue(
                asked.getFirst().startsWith("Upgrade 1.0.0 \u2192 1.2.0 \u2192 1.5.0 \u2192 2.0.0"), asked.toString());
        answer = Optional.of(true);
        assertEquals(0, run("upgrade").exit());
        assertEquals(1, upgrades.executions);
    }

    @Test
    void eachFailedOutcomeHasItsExitCodeAndOneLine() {
        upgrades.executed = new UpgradeOutcome.RolledBack(
                UpgradeStep.MIGRATE, Reason.MIGRATION_FAILED, "near THIS: syntax error", Version.parse("1.2.3"));
        Result rolledBack = run("upgrade");
        assertEquals(3, rolledBack.exit());
        assertEquals(
                "waiaas: upgrade failed at step 5 (migrate): near THIS: syntax error; rolled back to 1.2.3\n",
                rolledBack.err());
        upgrades.executed = new UpgradeOutcome.Refused(
                Reason.UPGRADE_RUNNING, "another upgrade or rollback is running for this data dir");
        Result refused = run("upgrade");
        assertEquals(5, refused.exit());
        assertEquals("waiaas: another upgrade or rollback is running for this data dir\n", refused.err());
        upgrades.executed = new UpgradeOutcome.RollbackFailed(
                UpgradeStep.RESTART,
                Reason.DAEMON_UNHEALTHY,
                "no answer",
                "disk full",
                List.of("waiaas stop", "waiaas backup restore x"));
        Result failed = run("upgrade");
        assertEquals(4, failed.exit());
        assertTrue(failed.err().contains("  2. waiaas backup restore x"), failed.err());
    }

    @Test
    void jsonNamesTheReasonAsAStableCodeBesideTheMessage() throws Exception {
        upgrades.planned = new UpgradeOutcome.Refused(Reason.DISK_SPACE, "not enough disk space for the backup");
        JsonNode refused = new ObjectMapper()
                .readTree(run("upgrade", "--json").out().lines().toList().getLast());
        assertEquals("refused", refused.get("outcome").textValue());
        assertEquals(5, refused.get("exitCode").intValue());
        assertEquals("disk-space", refused.get("reason").textValue());
        assertEquals(
                "not enough disk space for the backup", refused.get("message").textValue());
        upgrades.planned = PLAN;
        upgrades.executed = new UpgradeOutcome.RolledBack(
                UpgradeStep.MIGRATE, Reason.MIGRATION_FAILED, "syntax error", Version.parse("1.2.3"));
        JsonNode rolledBack = new ObjectMapper()
                .readTree(run("upgrade", "--json").out().lines().toList().getLast());
        assertEquals("migration-failed", rolledBack.get("reason").textValue());
        assertEquals("migrate", rolledBack.get("step").textValue());
    }

    @Test
    void upgradeAsJsonIsOneObjectPerLine() throws Exception {
        upgrades.planned = new UpgradeOutcome.UpToDate(Version.parse("1.2.3"));
        Result r = run("upgrade", "--json");
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertEquals(
                "check", new ObjectMapper().readTree(lines.get(0)).get("name").textValue());
        assertEquals(
                "up-to-date",
                new ObjectMapper().readTree(lines.get(1)).get("outcome").textValue());
    }

    @Test
    void upgradeSaysWhatWasVerifiedInTextAndJson() throws Exception {
        upgrades.planned = new UpgradeOutcome.UpToDate(Version.parse("1.2.3"));
        upgrades.verified = Optional.of(new Verification.Unsigned());
        assertTrue(
                run("upgrade")
                        .out()
                        .contains("      verified @waiaas/cli@1.3.0: sha512 integrity only: the registry publishes no"
                                + " signing keys, so no signature was checked\n"),
                run("upgrade").out());

        upgrades.verified = Optional.of(new Verification.Signed(List.of("SHA256:abc")));
        JsonNode verified = new ObjectMapper()
                .readTree(run("upgrade", "--json").out().lines().toList().get(1))
                .get("verified");
        assertEquals("@waiaas/cli@1.3.0", verified.get("release").textValue());
        assertEquals("sha512", verified.get("integrity").textValue());
        assertEquals("verified", verified.get("signatures").textValue());
        assertEquals("SHA256:abc", verified.get("keys").get(0).textValue());
        assertTrue(run("upgrade").out().contains("sha512 integrity, and the registry's signature (key SHA256:abc)"));
    }

    @Test
    void upgradeSaysWhichPublisherKeySignedTheReleaseAndWhetherItHasProvenance() throws Exception {
        upgrades.planned = new UpgradeOutcome.UpToDate(Version.parse("1.2.3"));
        upgrades.verified = Optional.of(new Verification.Signed(
                List.of("SHA256:abc"),
                new ReleaseOrigin(Optional.of("waiaas-release-1"), ReleaseOrigin.Provenance.ATTESTED)));
        assertTrue(
                run("upgrade")
                        .out()
                        .contains("(key SHA256:abc); the publisher's signature (key waiaas-release-1); the registry"
                                + " holds a provenance attestation\n"),
                run("upgrade").out());
        JsonNode verified = new ObjectMapper()
                .readTree(run("upgrade", "--json").out().lines().toList().get(1))
                .get("verified");
        assertEquals("verified", verified.get("publisher").textValue());
        assertEquals("waiaas-release-1", verified.get("publisherKey").textValue());
        assertEquals("attested", verified.get("provenance").textValue());

        upgrades.verified = Optional.of(new Verification.Unsigned(ReleaseOrigin.UNCHECKED));
        verified = new ObjectMapper()
                .readTree(run("upgrade", "--json").out().lines().toList().get(1))
                .get("verified");
        assertEquals("not-checked", verified.get("publisher").textValue());
        assertFalse(verified.has("publisherKey"));
        assertEquals("not-applicable", verified.get("provenance").textValue());
    }

    @Test
    void rollbackGoesThroughItsOwnPort() {
        upgrades.executed = new UpgradeOutcome.Reverted(
                Version.parse("1.3.0"), Version.parse("1.2.3"), BackupId.of("pre-rollback-1.3.0-20261126000000"));
        Result r = run("upgrade", "--rollback");
        assertEquals(0, r.exit());
        assertTrue(upgrades.rolledBack);
        assertTrue(r.out().startsWith("Rollback complete: 1.3.0 \u2192 1.2.3\n"), r.out());
        assertEquals(2, run("upgrade", "--rollback", "--to", "1.0.0").exit());
    }

    @Test
    void aFailedRollbackSaysWhichPartFailedAndListsTheManualSteps() {
        upgrades.executed = new UpgradeOutcome.RollbackFailed(
                UpgradeStep.INSTALL,
                Reason.INSTALL_FAILED,
                "the rollback 1.3.0 \u2192 1.2.3 failed",
                "could not make 1.2.3 current again: npm registry unreachable",
                List.of("waiaas stop", "npm install -g @waiaas/cli@1.2.3"));
        Result r = run("upgrade", "--rollback");
        assertEquals(4, r.exit());
        assertTrue(
                r.err()
                        .startsWith("waiaas: the rollback 1.3.0 \u2192 1.2.3 failed at step 4 (install): could not make"
                                + " 1.2.3 current again: npm registry unreachable\nTo recover by hand:\n"),
                r.err());
    }

    @Test
    void rollbackDryRunSaysWhichWayTheDataWouldGoBackAndChangesNothing() throws Exception {
        BackupId backup = BackupId.of("pre-upgrade-1.2.3-20261126000000");
        upgrades.rollbackPlan = new RollbackPlan(
                Version.parse("1.3.0"), Version.parse("1.2.3"), backup, Optional.of(SchemaVersion.of(2)), Map.of());
        Result down = run("upgrade", "--rollback", "--dry-run");
        assertEquals(0, down.exit(), down.err());
        assertEquals("""
                Plan: roll back 1.3.0 \u2192 1.2.3 (dry run, nothing changed)
                The data would be migrated down to schema 2: every write made since backup \
                pre-upgrade-1.2.3-20261126000000 that it can hold stays, the rest is kept in a pre-rollback backup
                """, down.out());

        upgrades.rollbackPlan = new RollbackPlan(
                Version.parse("1.3.0"),
                Version.parse("1.2.3"),
                backup,
                Optional.empty(),
                Map.of("key_value_store", 7L, "audit_events", 1L));
        Result restore = run("upgrade", "--rollback", "--dry-run");
        assertTrue(
                restore.out()
                        .contains("The data would be restored from backup pre-upgrade-1.2.3-20261126000000;"
                                + " written or changed since, and then only in a pre-rollback backup: 1 row of audit_events,"
                                + " 7 rows of key_value_store"),
                restore.out());
        JsonNode json = new ObjectMapper()
                .readTree(run("upgrade", "--rollback", "--dry-run", "--json").out());
        assertEquals("restore-backup", json.get("path").textValue());
        assertTrue(json.get("downToSchema").isNull());
        assertEquals(
                "key_value_store",
                json.get("rowsOnlyInBackup").get(1).get("table").textValue());
        assertEquals(7, json.get("rowsOnlyInBackup").get(1).get("rows").intValue());
        assertFalse(upgrades.rolledBack, "a dry run rolls nothing back");
    }
}
