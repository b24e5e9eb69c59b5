package io.waiaas.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The command line as a whole: version, help, usage errors, global options, error reporting. */
class CliTest extends CliTestSupport {
    @Test
    void versionPrintsTheVersionAlone() {
        Result r = run("--version");
        assertEquals(0, r.exit());
        assertEquals("1.2.3\n", r.out());
        assertEquals("", r.err());
        assertTrue(opened.size() <= 1, "--version opens at most the check for a launcher left behind");
    }

    /** Issue 16, finding 2: a launcher an upgrade left behind runs nothing itself, whatever the command. */
    @Test
    void aLauncherLeftBehindHandsEveryCommandOverAndExitsWithItsCode() {
        handOver = OptionalInt.of(7);
        Result r = run("--data-dir", "/d", "status");
        assertEquals(7, r.exit());
        assertEquals("", r.out());
        assertEquals(List.of(List.of("--data-dir", "/d", "status")), handedOver);
        Result version = run("--version");
        assertEquals(7, version.exit(), "--version is the current version's too");
        assertEquals("", version.out());
    }

    @Test
    void aLauncherThatCannotBeHandedOverSaysInOneLineWhichCommandToRun() {
        handOverFails = Optional.of(ApplicationException.failed("this launcher is no longer the current version's, and"
                + " /d/runtime/bin/waiaas could not be run (Permission denied); run /d/runtime/bin/waiaas yourself"));
        Result r = run("status");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(
                "waiaas: this launcher is no longer the current version's, and /d/runtime/bin/waiaas could not be run"
                        + " (Permission denied); run /d/runtime/bin/waiaas yourself\n",
                r.err());
    }

    @Test
    void helpIsNeverHandedOver() {
        handOver = OptionalInt.of(7);
        assertEquals(0, run("--help").exit());
        assertEquals(0, run("help", "status").exit());
        assertEquals(List.of(), handedOver);
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(
                r.out().contains("start") && r.out().contains("stop") && r.out().contains("status"), r.out());
    }

    @Test
    void anUnknownCommandIsAUsageErrorOnStderr() {
        Result r = run("frobnicate");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("waiaas: "), r.err());
    }

    @Test
    void anEmptyDataDirIsAUsageErrorNotTheCurrentDirectory() {
        for (List<String> args : List.of(List.of("--data-dir", "", "status"), List.of("status", "--data-dir="))) {
            Result r = run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), r.err());
            assertEquals("", r.out());
            String first = r.err().lines().findFirst().orElse("");
            assertTrue(first.startsWith("waiaas: ") && first.contains("--data-dir"), r.err());
            assertTrue(first.contains("it is empty; name a directory"), r.err());
        }
        assertTrue(opened.isEmpty(), "nothing was opened");
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
    void anExpectedFailureIsOneLineWithItsExitCodeAndNoStackTrace() {
        control.failure = ApplicationException.refused("waiaas is already running (pid 9)");
        Result r = run("start", "-d");
        assertEquals(5, r.exit());
        assertEquals("waiaas: waiaas is already running (pid 9)\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aCommandLineGetsOnlyTheSubcommandsItNames() {
        assertEquals(
                List.of(StartCommand.class),
                Cli.subcommandsFor(new String[] {"--data-dir", "/srv/waiaas", "-q", "start", "-d", "-q"}));
        assertEquals(List.of(UpgradeCommand.class), Cli.subcommandsFor(new String[] {"update", "--to", "^1.2"}));
        assertEquals(List.of(StatusCommand.class, DbCommand.class), Cli.subcommandsFor(new String[] {"db", "status"}));
        assertEquals(List.of(McpCommand.class), Cli.subcommandsFor(new String[] {"mcp"}));
        assertEquals(12, Cli.subcommandsFor(new String[] {"--help"}).size());
        assertEquals(12, Cli.subcommandsFor(new String[] {"help", "start"}).size());
        assertEquals(12, Cli.subcommandsFor(new String[] {"statsu"}).size());
        assertEquals(12, Cli.subcommandsFor(new String[0]).size());
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
    void helpListsTheBackupAndDbCommands() {
        Result r = run("--help");
        assertTrue(r.out().contains("backup") && r.out().contains("db"), r.out());
        assertEquals(0, run("backup", "--help").exit());
        assertEquals(0, run("db", "migrate", "--help").exit());
    }

    /**
     * A listing that fails part-way throws DirectoryIteratorException, which no adapter expected (issue 24: a restore
     * that could not list the backups ended in "unexpected error: java.nio.file.DirectoryIteratorException: ...").
     */
    @Test
    void anUnexpectedIoErrorIsOneLineNamingTheFileAndTheCauseNeverAJavaClass() {
        backups.failure =
                new DirectoryIteratorException(new FileSystemException("/d/backups", null, "Input/output error"));
        Result r = run("backup", "restore", "latest", "--yes");
        assertEquals(1, r.exit());
        assertEquals(
                "waiaas: I/O error at /d/backups (the disk or file system reported a fault)"
                        + " (run with --verbose for details)\n",
                r.err());
    }

    @Test
    void anUnexpectedFailureNamesNoJavaClass() {
        control.unexpected = new IllegalStateException("surprise");
        Result r = run("status");
        assertEquals("waiaas: unexpected error: surprise (run with --verbose for details)\n", r.err());
        backups.failure = new java.io.UncheckedIOException(new AccessDeniedException("/d/backups/x/manifest.json"));
        Result denied = run("backup", "restore", "latest", "--yes");
        assertTrue(denied.err().startsWith("waiaas: permission denied on /d/backups/x/manifest.json"), denied.err());
        assertFalse(denied.err().contains("Exception"), denied.err());
    }
}
