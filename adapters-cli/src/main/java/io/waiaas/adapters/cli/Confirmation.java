package io.waiaas.adapters.cli;

import java.io.Console;
import java.util.Locale;
import java.util.Optional;

/** Ask the operator a yes/no question before a command replaces data. */
@FunctionalInterface
interface Confirmation {

    /**
     * Ask {@code question} and return the answer, or empty when there is no terminal to ask on.
     *
     * @param question one line, without the {@code [y/N]} suffix
     */
    Optional<Boolean> ask(String question);

    /** Return a confirmation that asks on the process's terminal, answering "no" unless the operator types y/yes. */
    static Confirmation onTerminal() {
        return question -> {
            Console console = System.console();
            if (console == null) {
                return Optional.empty();
            }
            String answer = console.readLine("%s [y/N] ", question);
            if (answer == null) {
                return Optional.empty();
            }
            String normalized = answer.strip().toLowerCase(Locale.ROOT);
            return Optional.of(normalized.equals("y") || normalized.equals("yes"));
        };
    }
}
