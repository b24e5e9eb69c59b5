/** The npm registry client of waiaas and its side-by-side installer: packuments, tarballs, integrity, signatures. */
module io.waiaas.adapters.npm {
    requires transitive io.waiaas.application;
    requires io.waiaas.platform;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    exports io.waiaas.adapters.npm;
}
