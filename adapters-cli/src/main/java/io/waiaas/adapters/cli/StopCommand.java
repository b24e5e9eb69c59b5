package io.waiaas.adapters.cli;

import io.waiaas.application.port.in.StopResult;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code waiaas stop}: stop the daemon gracefully, forcing it after the shutdown timeout. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the daemon.")
final class StopCommand implements Runnable {
    @ParentCommand
    WaiaasCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        switch (root.inPorts().controlDaemon().stop()) {
            case StopResult.NotRunning notRunning ->
                out.println(
                        notRunning.staleCleaned()
                                ? "waiaas is not running (removed a stale pid file)"
                                : "waiaas is not running");
            case StopResult.Stopped stopped -> out.printf("waiaas stopped (pid %d)%n", stopped.pid());
            case StopResult.Killed killed ->
                out.printf("waiaas did not stop within the shutdown timeout and was killed (pid %d)%n", killed.pid());
        }
    }
}
