/** The pure domain of waiaas: versions, ranges, schema compatibility and the error model; needs nothing else. */
module io.waiaas.domain {
    exports io.waiaas.domain;
}
