package io.waiaas.adapters.cli;

import io.waiaas.application.port.in.ManageService;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code waiaas service install|uninstall}: the systemd unit that runs this data dir's daemon (SYSD-01). */
@Command(
        name = "service",
        mixinStandardHelpOptions = true,
        description = "Install or remove the systemd unit that runs the daemon.",
        subcommands = {ServiceCommand.Install.class, ServiceCommand.Uninstall.class})
final class ServiceCommand {
    @ParentCommand
    WaiaasCommand root;

    /** {@code waiaas service install [--user] [--dry-run]}. */
    @Command(
            name = "install",
            mixinStandardHelpOptions = true,
            description = "Write and enable waiaas.service (a system unit, or with --user the user's own).")
    static final class Install implements Runnable {
        @ParentCommand
        ServiceCommand service;

        @Spec
        CommandSpec spec;

        @Option(names = "--user", description = "A user unit (~/.config/systemd/user) instead of a system unit.")
        boolean user;

        @Option(names = "--dry-run", description = "Print the unit; write and run nothing.")
        boolean dryRun;

        @Override
        public void run() {
            ManageService.Installed installed =
                    service.root.inPorts().manageService().install(user, dryRun);
            PrintWriter out = spec.commandLine().getOut();
            if (dryRun) {
                out.print(installed.text());
                out.println("# dry run: nothing was written; without --dry-run the unit is enabled, then start it"
                        + " with: " + installed.startCommand());
                return;
            }
            out.println("Installed " + installed.file().orElse("waiaas.service") + " (enabled)");
            out.println("Start it now: " + installed.startCommand());
        }
    }

    /** {@code waiaas service uninstall [--user]}. */
    @Command(
            name = "uninstall",
            mixinStandardHelpOptions = true,
            description = "Stop, disable and remove waiaas.service.")
    static final class Uninstall implements Runnable {
        @ParentCommand
        ServiceCommand service;

        @Spec
        CommandSpec spec;

        @Option(names = "--user", description = "The user unit instead of the system unit.")
        boolean user;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            service.root
                    .inPorts()
                    .manageService()
                    .uninstall(user)
                    .ifPresentOrElse(
                            file -> out.println("Removed " + file + " (stopped and disabled)"),
                            () -> out.println("No " + (user ? "user" : "system") + " unit waiaas.service is"
                                    + " installed; nothing to do"));
        }
    }
}
