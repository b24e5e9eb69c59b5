package io.waiaas.domain;

import java.util.Objects;

/**
 * Name the releases the daemon follows: an npm package and the dist-tag watched (LAYT-06, {@code [update]}).
 *
 * @param packageName the npm package, such as {@code @waiaas/cli}
 * @param distTag the dist-tag followed, such as {@code latest} or {@code next}
 */
public record ReleaseChannel(String packageName, String distTag) {

    public ReleaseChannel {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(distTag, "distTag");
        if (packageName.isBlank() || distTag.isBlank()) {
            throw new IllegalArgumentException("release channel needs a package name and a dist-tag");
        }
    }
}
