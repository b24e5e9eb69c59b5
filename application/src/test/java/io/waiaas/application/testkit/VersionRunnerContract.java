package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.CommandResult;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.VersionRunner;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VersionRunner} must show: it runs {@code waiaas --data-dir DIR args...} of another
 * installed version to completion and hands back its exit code and both outputs, or kills it after the timeout.
 */
public interface VersionRunnerContract {

    /** A timeout no command of the contract that ends by itself comes near. */
    Duration AMPLE = Duration.ofSeconds(30);

    /** Return the runner of the data dir {@link #dataDir()}. */
    VersionRunner runner();

    /** Return the data dir the runner runs versions on. */
    String dataDir();

    /** Install a version whose command line prints {@code stdout} and {@code stderr}, then exits with {@code exit}. */
    InstalledVersion printing(String stdout, String stderr, int exit);

    /** Install a version whose command line prints each of its arguments on a line of its own, then exits 0. */
    InstalledVersion echoingItsArguments();

    /** Install a version whose command line never ends by itself. */
    InstalledVersion neverEnding();

    /** Return a version whose launcher is not there (an install removed behind our back). */
    InstalledVersion missing();

    /** Tell whether a command the runner started is still running. */
    boolean anyStillRunning();

    @Test
    default void returnsTheExitCodeAndBothOutputsOfTheCommand() {
        CommandResult result = runner().run(printing("1.1.0\n", "waiaas: a warning\n", 3), List.of("--version"), AMPLE);
        assertEquals(new CommandResult(3, "1.1.0\n", "waiaas: a warning\n"), result);
    }

    @Test
    default void aCommandThatSucceedsSilentlyHasEmptyOutputs() {
        assertEquals(new CommandResult(0, "", ""), runner().run(printing("", "", 0), List.of("db", "migrate"), AMPLE));
    }

    @Test
    default void passesTheDataDirFirstAndEveryArgumentUnchanged() {
        CommandResult result = runner().run(
                        echoingItsArguments(),
                        List.of("db", "migrate", "two words", "", "--json", "$HOME", "*"),
                        AMPLE);
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(
                String.join("\n", "--data-dir", dataDir(), "db", "migrate", "two words", "", "--json", "$HOME", "*")
                        + "\n",
                result.stdout());
    }

    @Test
    default void returnsOutputsLargerThanAPipeHoldsInFull() {
        String out = "o".repeat(99) + "\n";
        String err = "e".repeat(99) + "\n";
        String stdout = out.repeat(3000);
        String stderr = err.repeat(3000);
        CommandResult result = runner().run(printing(stdout, stderr, 0), List.of("db", "status"), AMPLE);
        assertEquals(0, result.exitCode());
        assertEquals(stdout, result.stdout());
        assertEquals(stderr, result.stderr());
    }

    @Test
    default void aCommandThatOutlivesItsTimeoutIsKilledAndEndsWithMinusOne() {
        CommandResult result = runner().run(neverEnding(), List.of("db", "migrate"), Duration.ofMillis(300));
        assertEquals(-1, result.exitCode());
        assertFalse(anyStillRunning(), "the command outlived its timeout");
    }

    @Test
    default void aCommandThatEndsIsNotLeftRunning() {
        runner().run(printing("", "", 0), List.of("--version"), AMPLE);
        assertFalse(anyStillRunning());
    }

    @Test
    default void aVersionWhoseLauncherIsGoneFailsNamingIt() {
        InstalledVersion gone = missing();
        WaiaasException e = assertThrows(WaiaasException.class, () -> runner().run(gone, List.of("--version"), AMPLE));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().contains(gone.launcher()), e.getMessage());
    }
}
