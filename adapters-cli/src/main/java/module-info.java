/** The waiaas command line on picocli: commands, exit codes, the update notice and progress output. */
module io.waiaas.adapters.cli {
    requires io.waiaas.application;
    requires io.waiaas.platform;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;

    exports io.waiaas.adapters.cli;

    // picocli reads and sets the @Command/@Option fields reflectively.
    opens io.waiaas.adapters.cli to
            info.picocli;
}
