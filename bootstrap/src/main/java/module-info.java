/** Wire waiaas together: configuration, adapters, the launcher hand-over and the command line's entry point. */
module io.waiaas.bootstrap {
    requires io.waiaas.application;
    requires io.waiaas.adapters.http;
    requires io.waiaas.adapters.npm;
    requires io.waiaas.adapters.sqlite;
    requires io.waiaas.adapters.cli;
    requires io.waiaas.adapters.mcp;
    requires io.waiaas.adapters.host;
    requires io.waiaas.platform;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires java.logging;

    exports io.waiaas.bootstrap;
}
