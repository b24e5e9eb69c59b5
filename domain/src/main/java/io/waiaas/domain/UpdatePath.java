package io.waiaas.domain;

/**
 * How this installation moves to a new release, and so what its operator is told to do when one is out (DOCK-B2):
 * run {@code waiaas upgrade}, or, in the container image, where {@code waiaas upgrade} refuses, pull the new image.
 */
public enum UpdatePath {
    /** An installation {@code waiaas upgrade} updates: side by side, or inside npm's global install. */
    COMMAND,
    /** The container image: the container is recreated from a newer image. */
    IMAGE;

    /** The image waiaas is published as; a release's tag is its version. */
    public static final String IMAGE_NAME = "ghcr.io/waiaas/waiaas";

    /** Return the path of an installation that runs in the container image ({@code inContainer}) or not. */
    public static UpdatePath of(boolean inContainer) {
        return inContainer ? IMAGE : COMMAND;
    }

    /**
     * Say, as one clause, what moves this installation to {@code target}: {@code run: waiaas upgrade} with
     * {@code options} (such as {@code " --to 1.3.0"}), or the image to pull.
     */
    public String advice(Version target, String options) {
        return switch (this) {
            case COMMAND -> "run: waiaas upgrade" + options;
            case IMAGE ->
                "pull the image of waiaas " + target + " (e.g. " + IMAGE_NAME + ":" + target
                        + ") and recreate the container";
        };
    }
}
