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
import java.util.List;
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
            writeJson(commandLine.getOut(), message, exitCode);
        }
        return exitCode;
    }

    /** Give a script reading stdout an object too, not nothing: {"error": …, "code": …, "exitCode": …}. */
    private static void writeJson(PrintWriter out, String message, int exitCode) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        error.put("code", codeOf(exitCode));
        error.put("exitCode", exitCode);
        try {
            out.println(new ObjectMapper().writeValueAsString(error));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
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
        String help = commandLine.getCommandSpec().qualifiedName() + " --help";
        Optional<String> didYouMean = didYouMean(exception, help);
        String message = didYouMean.orElse(exception.getMessage());
        err.println("waiaas: " + message);
        if (didYouMean.isEmpty()) {
            err.println("Try '" + help + "' for more information.");
        }
        err.flush();
        if (java.util.Arrays.asList(args).contains("--json")) {
            writeJson(commandLine.getOut(), message, ErrorCode.USAGE.exitCode());
        }
        return ErrorCode.USAGE.exitCode();
    }

    /**
     * Say in one line which word was not known and the known ones nearest to it, when picocli found any (HELP-01):
     * {@code unknown command 'upgrad'; did you mean 'upgrade'?}.
     */
    static Optional<String> didYouMean(CommandLine.ParameterException exception, String help) {
        if (!(exception instanceof CommandLine.UnmatchedArgumentException unmatched)
                || unmatched.getUnmatched().isEmpty()
                || unmatched.getSuggestions().isEmpty()) {
            return Optional.empty();
        }
        String word = unmatched.getUnmatched().getFirst();
        CommandLine commandLine = unmatched.getCommandLine();
        String kind = unmatched.isUnknownOption()
                ? "unknown option '" + word + "' of "
                        + commandLine.getCommandSpec().qualifiedName()
                : "unknown command '" + word + "'";
        // picocli ranks every known word by the letters it shares; only the near ones are worth naming.
        List<String> near = unmatched.getSuggestions().stream()
                .distinct()
                .filter(s -> editDistance(word, s) <= Math.max(2, word.length() / 3))
                .limit(3)
                .toList();
        List<String> suggestions = (near.isEmpty()
                        ? List.of(unmatched.getSuggestions().getFirst())
                        : near)
                .stream().map(s -> "'" + s + "'").toList();
        String choices = suggestions.size() == 1
                ? suggestions.getFirst()
                : String.join(", ", suggestions.subList(0, suggestions.size() - 1)) + " or " + suggestions.getLast();
        return Optional.of(kind + "; did you mean " + choices + "? (see " + help + ")");
    }

    /** Return the Levenshtein distance between {@code a} and {@code b}: edits of one character each. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
