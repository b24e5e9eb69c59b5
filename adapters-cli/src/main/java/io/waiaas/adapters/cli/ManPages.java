package io.waiaas.adapters.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Write a man page in troff ({@code man(7)} macros) for {@code waiaas} and each of its commands, from the same
 * picocli model their {@code --help} comes from (HELP-04): {@code waiaas.1}, {@code waiaas-start.1},
 * {@code waiaas-backup-create.1}, … The image build runs {@link #main} into {@code share/man/man1}.
 */
public final class ManPages {
    private ManPages() {}

    /** Write the pages of build {@code args[1]} into the folder {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ManPages OUTPUT_DIR VERSION");
            System.exit(2);
        }
        List<Path> written = write(Path.of(args[0]), args[1]);
        System.out.println("man pages: " + written.size() + " in " + args[0]);
    }

    /** Write every page into {@code dir} and return their files. */
    static List<Path> write(Path dir, String version) throws IOException {
        Function<GlobalOptions, InPorts> noPorts = options -> {
            throw new IllegalStateException("a man page runs no command");
        };
        CommandLine root = new CommandLine(
                new WaiaasCommand(version, noPorts, Map.of(), false, question -> java.util.Optional.empty()));
        for (Class<?> subcommand : Cli.subcommandsFor(new String[] {"--help"})) {
            root.addSubcommand(subcommand);
        }
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        writeAll(root, dir, version, written);
        return written;
    }

    private static void writeAll(CommandLine command, Path dir, String version, List<Path> written) throws IOException {
        CommandSpec spec = command.getCommandSpec();
        if (spec.userObject() instanceof CommandLine.HelpCommand) {
            return;
        }
        Path page = dir.resolve(pageName(spec) + ".1");
        Files.writeString(page, page(spec, version), StandardCharsets.UTF_8);
        written.add(page);
        for (CommandLine sub :
                command.getSubcommands().values().stream().distinct().toList()) {
            writeAll(sub, dir, version, written);
        }
    }

    /** Return {@code waiaas-backup-create} for {@code waiaas backup create}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** Return the troff source of {@code spec}'s page. */
    static String page(CommandSpec spec, String version) {
        StringBuilder t = new StringBuilder();
        String name = pageName(spec);
        String[] description = spec.usageMessage().description();
        t.append(".TH ")
                .append(name.toUpperCase(Locale.ROOT))
                .append(" 1 \"\" \"waiaas ")
                .append(escape(version))
                .append("\" \"waiaas Manual\"\n");
        t.append(".SH NAME\n")
                .append(escape(name))
                .append(" \\- ")
                .append(description.length > 0 ? escape(description[0]) : "")
                .append('\n');
        CommandLine.Help help =
                new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        t.append(".SH SYNOPSIS\n.nf\n").append(escape(help.synopsis(0).strip())).append("\n.fi\n");
        t.append(".SH DESCRIPTION\n");
        for (String line : description) {
            t.append(escape(line)).append("\n.PP\n");
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        if (!positionals.isEmpty()) {
            t.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec positional : positionals) {
                t.append(".TP\n\\fI").append(escape(positional.paramLabel())).append("\\fR\n");
                t.append(escape(String.join(" ", describe(positional.description(), positional))))
                        .append('\n');
            }
        }
        t.append(".SH OPTIONS\n");
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String n : option.names()) {
                names.add("\\fB" + escape(n) + "\\fR");
            }
            t.append(".TP\n").append(String.join(", ", names));
            if (option.arity().max() > 0) {
                t.append("=\\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            t.append('\n')
                    .append(escape(String.join(" ", describe(option.description(), option))))
                    .append('\n');
        }
        List<CommandLine> subcommands = spec.subcommands().values().stream()
                .distinct()
                .filter(sub -> !(sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand))
                .toList();
        if (!subcommands.isEmpty()) {
            t.append(".SH COMMANDS\n");
            for (CommandLine sub : subcommands) {
                CommandSpec s = sub.getCommandSpec();
                String[] d = s.usageMessage().description();
                t.append(".TP\n\\fB")
                        .append(escape(String.join(", ", allNames(s))))
                        .append("\\fR\n")
                        .append(d.length > 0 ? escape(d[0]) : "")
                        .append(" See \\fB")
                        .append(escape(pageName(s)))
                        .append("\\fR(1).\n");
            }
        }
        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            t.append(".SH EXIT STATUS\n");
            exitCodes.forEach((code, meaning) -> t.append(".TP\n\\fB")
                    .append(escape(code.strip()))
                    .append("\\fR\n")
                    .append(escape(meaning))
                    .append('\n'));
        }
        if (spec.parent() != null) {
            t.append(".SH SEE ALSO\n\\fB")
                    .append(escape(pageName(spec.parent())))
                    .append("\\fR(1)\n");
        }
        return t.toString();
    }

    private static List<String> allNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        names.add(spec.name());
        names.addAll(List.of(spec.aliases()));
        return names;
    }

    /** Fill in what picocli's help fills in: the default value and the choices. */
    private static List<String> describe(String[] lines, CommandLine.Model.ArgSpec arg) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String filled = line.replace("${DEFAULT-VALUE}", arg.defaultValue() == null ? "" : arg.defaultValue());
            List<String> candidates = new ArrayList<>();
            if (arg.completionCandidates() != null) {
                arg.completionCandidates().forEach(candidates::add);
            }
            out.add(filled.replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates)));
        }
        return out;
    }

    /** Escape text for troff: backslashes, hyphens, and a control character at a line's start. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder(escaped.length() + 8);
        for (String line : escaped.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }
}
