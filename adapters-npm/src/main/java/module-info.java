/** The npm registry client of waiaas: dist-tags, packuments, tarballs, integrity and signatures. */
module io.waiaas.adapters.npm {
    requires io.waiaas.application;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
}
