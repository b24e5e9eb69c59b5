/**
 * What the adapters of waiaas share about the host, on the JDK and the domain alone: owner-only files, fsync,
 * recursive delete, the JVM's file locks, the reading of I/O errors.
 */
module io.waiaas.platform {
    requires transitive io.waiaas.domain;

    exports io.waiaas.platform;
}
