package io.waiaas.adapters.cli;

import io.waiaas.domain.UpdatePath;
import io.waiaas.domain.Version;
import io.waiaas.platform.Layout;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Decide whether this invocation may show the update notice, and draw it (VCHK-05, VCHK-07). */
final class UpdateNotice {
    /** Commands that never show the notice: upgrading is what it would suggest, and a foreground daemon never ends. */
    private static final List<String> QUIET_COMMANDS = List.of("upgrade", "update");

    private static final String YELLOW = "\u001b[33m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private UpdateNotice() {}

    /**
     * Tell whether the notice must stay hidden: {@code -q}, {@code WAIAAS_NO_UPDATE_NOTIFY=1},
     * {@code NO_UPDATE_NOTIFIER} (any value), {@code CI} (any value), or stderr not being a terminal.
     */
    static boolean suppressed(GlobalOptions options, Map<String, String> env, boolean stderrIsTerminal) {
        return options.quiet()
                || "1".equals(env.get(Layout.Env.NO_UPDATE_NOTIFY))
                || env.containsKey("NO_UPDATE_NOTIFIER")
                || env.containsKey("CI")
                || !stderrIsTerminal;
    }

    /** Tell whether {@code command} (the subcommand path, e.g. {@code [start]}) may show the notice at all. */
    static boolean eligible(List<String> command, boolean foregroundDaemon) {
        if (command.isEmpty() || foregroundDaemon) {
            return false;
        }
        return !QUIET_COMMANDS.contains(command.get(0));
    }

    /** Tell whether waiaas runs in its container image, where {@code waiaas upgrade} refuses (DOCK-B2). */
    static boolean inContainer(Map<String, String> env) {
        return Layout.Env.inContainer(env);
    }

    /**
     * Say how to move to {@code target}: {@code Run: waiaas upgrade} and its {@code extra} options, or, in the
     * container image, which {@code waiaas upgrade} refuses, the image to pull.
     */
    static String howToUpdate(boolean inContainer, Version target, String extra) {
        String advice = UpdatePath.of(inContainer).advice(target, extra);
        return Character.toUpperCase(advice.charAt(0)) + advice.substring(1);
    }

    /** Draw the framed notice on {@code err}. */
    static void print(PrintWriter err, Version current, Version latest, boolean color, boolean inContainer) {
        List<String> lines = List.of(
                "Update available: " + current + " \u2192 " + latest,
                "Release notes: waiaas upgrade --check",
                howToUpdate(inContainer, latest, ""));
        int width = lines.stream().mapToInt(String::length).max().orElse(0) + 2;
        String border = color ? YELLOW : "";
        String reset = color ? RESET : "";
        String bold = color ? BOLD : "";
        err.println();
        err.println(border + "\u256d" + "\u2500".repeat(width) + "\u256e" + reset);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            String shown = i == 0 ? bold + text + reset : text;
            err.println(border + "\u2502" + reset + " " + shown + " ".repeat(width - 1 - text.length()) + border
                    + "\u2502" + reset);
        }
        err.println(border + "\u2570" + "\u2500".repeat(width) + "\u256f" + reset);
        err.flush();
    }
}
