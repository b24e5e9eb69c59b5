package io.waiaas.application.port.out;

/** Name how released versions of waiaas are installed on this machine (UPGR-B2). */
public enum InstallMethod {
    /**
     * Each version in {@code {installRoot}/versions/{version}/}, the {@code current} symlink switched atomically;
     * previous versions stay installed, so going back is a pointer flip.
     */
    SIDE_BY_SIDE,
    /**
     * Inside an npm global install ({@code {prefix}/lib/node_modules/{package}}): npm replaces the package in place,
     * so only one version is installed and going back means installing the old one again.
     */
    NPM_GLOBAL
}
