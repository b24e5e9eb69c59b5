/** The waiaas command line on picocli. */
module io.waiaas.adapters.cli {
    requires io.waiaas.application;
    requires info.picocli;
}
