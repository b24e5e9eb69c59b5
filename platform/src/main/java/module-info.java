/** What the adapters of waiaas share about the host, on the JDK alone: owner-only files, fsync, file locks. */
module io.waiaas.platform {
    exports io.waiaas.platform;
}
