package io.waiaas.adapters.cli;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Turn every failure into one clear line on stderr and the exit code of SPEC §2; the one exit-code mapper. */
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
            err.println("waiaas: unexpected error: " + exception);
        }
        if (root.verbose()) {
            exception.printStackTrace(err);
        }
        return getExitCode(exception);
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
