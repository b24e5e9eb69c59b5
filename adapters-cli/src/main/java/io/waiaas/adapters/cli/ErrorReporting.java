package io.waiaas.adapters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.WaiaasException;
import io.waiaas.platform.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
        String message = exception instanceof WaiaasException expected ? expected.getMessage() : unexpected(exception);
        err.println("waiaas: " + message);
        if (root.verbose()) {
            exception.printStackTrace(err);
        }
        int exitCode = getExitCode(exception);
        if (wantsJson(parseResult)) {
            // A script reading stdout gets an object too, not nothing: {"error": …, "code": …, "exitCode": …}.
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", message);
            error.put("code", codeOf(exitCode));
            error.put("exitCode", exitCode);
            PrintWriter out = commandLine.getOut();
            try {
                out.println(new ObjectMapper().writeValueAsString(error));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
        }
        return exitCode;
    }

    /** Tell whether the command that failed was asked for {@code --json}. */
    private static boolean wantsJson(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--json")) {
                return true;
            }
        }
        return false;
    }

    /** Return the stable name of an exit code's kind, such as {@code refused}. */
    private static String codeOf(int exitCode) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.exitCode() == exitCode) {
                return code.name().toLowerCase(Locale.ROOT);
            }
        }
        return "failed";
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
