package io.waiaas.adapters.cli;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;
import io.waiaas.platform.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/** Turn every failure into one clear line on stderr and the exit code of CMDS-03; the one exit-code mapper. */
final class ErrorReporting
        implements CommandLine.IExecutionExceptionHandler,
                CommandLine.IExitCodeExceptionMapper,
                CommandLine.IParameterExceptionHandler {
    private final WaiaasCommand root;

    ErrorReporting(WaiaasCommand root) {
        this.root = root;
    }

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof WaiaasException expected) {
            return expected.code().exitCode();
        }
        if (exception instanceof CommandLine.ParameterException) {
            return ErrorCode.USAGE.exitCode();
        }
        return ErrorCode.FAILED.exitCode();
    }

    @Override
    public int handleExecutionException(
            Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof WaiaasException expected) {
            err.println("waiaas: " + expected.getMessage());
        } else {
            err.println("waiaas: " + unexpected(exception));
        }
        if (root.verbose()) {
            exception.printStackTrace(err);
        }
        return getExitCode(exception);
    }

    /**
     * Say what went wrong in a failure no adapter expected, in one line without a Java class name: the file and the
     * cause of an I/O error inside it, else its message.
     */
    static String unexpected(Throwable exception) {
        Optional<IOException> io = IoErrors.find(exception);
        if (io.isPresent()) {
            return IoErrors.describe(io.get(), Path.of(".").toAbsolutePath().normalize())
                    + " (run with --verbose for details)";
        }
        String message = exception.getMessage();
        return "unexpected error"
                + (message == null || message.isBlank()
                        ? ""
                        : ": " + message.strip().lines().findFirst().orElse(""))
                + " (run with --verbose for details)";
    }

    @Override
    public int handleParseException(CommandLine.ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("waiaas: " + exception.getMessage());
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ErrorCode.USAGE.exitCode();
    }
}
