package io.waiaas.adapters.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code waiaas completion bash|zsh}: print a script that completes waiaas's commands and options (HELP-03). */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script.",
            "bash: source <(waiaas completion bash), or save it in /etc/bash_completion.d/waiaas.",
            "zsh: source <(waiaas completion zsh) in ~/.zshrc."
        })
final class CompletionCommand implements Runnable {
    /** The shells a script is made for. */
    enum Shell {
        bash,
        zsh
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public void run() {
        String bash = AutoComplete.bash("waiaas", spec.root().commandLine());
        if (shell == Shell.zsh) {
            // zsh runs bash completion scripts through its bashcompinit, as picocli documents.
            spec.commandLine()
                    .getOut()
                    .print("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n");
        }
        spec.commandLine().getOut().print(bash);
        spec.commandLine().getOut().flush();
    }
}
