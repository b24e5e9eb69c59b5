package io.waiaas.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Say where a release comes from, beyond the registry's integrity and signatures (TRST-B1, TRST-B4): which publisher
 * key signed its contents, and whether the registry holds a provenance attestation for it.
 *
 * @param publisherKey the publisher key whose signature of the release's manifest verified; empty when the
 *     publisher's signature was not checked (the installed version holds no key list)
 * @param provenance whether the registry publishes a provenance attestation of the release
 */
public record ReleaseOrigin(Optional<String> publisherKey, Provenance provenance) {
    /** Nothing checked beyond the registry. */
    public static final ReleaseOrigin UNCHECKED = new ReleaseOrigin(Optional.empty(), Provenance.NOT_APPLICABLE);

    public ReleaseOrigin {
        Objects.requireNonNull(publisherKey, "publisherKey");
        Objects.requireNonNull(provenance, "provenance");
    }

    /** Whether the registry holds a provenance attestation ({@code dist.attestations}) of the release. */
    public enum Provenance {
        /** The registry lists a provenance attestation (npm publish --provenance). */
        ATTESTED("attested"),
        /** The registry lists none. */
        NONE("none"),
        /** Not asked: a package file has no registry. */
        NOT_APPLICABLE("not-applicable");

        private final String word;

        Provenance(String word) {
            this.word = word;
        }

        /** Return the state as scripts read it. */
        public String word() {
            return word;
        }
    }

    /** Return this origin with {@code key} as the publisher key that signed the release. */
    public ReleaseOrigin signedBy(String key) {
        return new ReleaseOrigin(Optional.of(key), provenance);
    }

    /** Return the publisher signature's state as scripts read it: {@code verified} or {@code not-checked}. */
    public String publisher() {
        return publisherKey.isPresent() ? "verified" : "not-checked";
    }

    /** Return what this adds to a verification's one line; empty when nothing was checked. */
    String describe() {
        String publisher = publisherKey
                .map(k -> "; the publisher's signature (key " + k + ")")
                .orElse("");
        String attested = switch (provenance) {
            case ATTESTED -> "; the registry holds a provenance attestation";
            case NONE -> "; no provenance attestation";
            case NOT_APPLICABLE -> "";
        };
        return publisher + attested;
    }
}
