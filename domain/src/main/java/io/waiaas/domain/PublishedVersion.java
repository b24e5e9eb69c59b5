package io.waiaas.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Say what a registry publishes about one version of a package besides its files: when it was published and whether
 * it is deprecated (recalled), as the packument's {@code time} map and {@code versions[v].deprecated} say (TRST-03,
 * TRST-04). The registry's word: {@link ReleaseVetting} and {@link MetadataHistory} decide what it means.
 *
 * @param version the published version
 * @param publishedAt when it was published, empty when the registry does not say
 * @param deprecated the registry's deprecation message, empty when the version is not deprecated
 */
public record PublishedVersion(Version version, Optional<Instant> publishedAt, Optional<String> deprecated) {

    public PublishedVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(deprecated, "deprecated");
        // npm undeprecates by setting the message to "": a blank message is no deprecation.
        deprecated = deprecated.map(PublishedVersion::oneLine).filter(m -> !m.isEmpty());
    }

    /** Tell whether the registry marks this version deprecated. */
    public boolean isDeprecated() {
        return deprecated.isPresent();
    }

    private static String oneLine(String text) {
        String line =
                text.replaceAll("\\p{Cntrl}+", " ").replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "\u2026" : line;
    }
}
