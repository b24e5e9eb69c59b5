/** The npm registry client of waiaas: dist-tags, packuments, tarballs, integrity and signatures. */
module io.waiaas.adapters.npm {
    requires transitive io.waiaas.application;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    exports io.waiaas.adapters.npm;
}
