package io.waiaas.domain;

import java.util.List;
import java.util.Objects;

/**
 * Say what was checked before a release is trusted (UPGR-B1), so the upgrade can tell the operator: its sha512
 * integrity always, and its registry signatures when the registry publishes signing keys.
 */
public sealed interface Verification {

    /** Return one line saying what was verified, for the operator. */
    String describe();

    /**
     * Return the state of the signatures, as scripts read it: {@code verified}, {@code none-published},
     * {@code not-applicable} (a file checked against a given digest) or {@code unverified}.
     */
    String signatures();

    /** Return what was found of the release's origin: the publisher's signature and its provenance (TRST-B1). */
    ReleaseOrigin origin();

    /** Return this verification with {@code origin}. */
    Verification with(ReleaseOrigin origin);

    /** The registry publishes signing keys, and every signature of the release verified with one of them. */
    record Signed(List<String> keyIds, ReleaseOrigin origin) implements Verification {
        public Signed {
            keyIds = List.copyOf(Objects.requireNonNull(keyIds, "keyIds"));
            if (keyIds.isEmpty()) {
                throw new IllegalArgumentException("a signed release names at least one key");
            }
            Objects.requireNonNull(origin, "origin");
        }

        /** The registry's signatures alone, nothing known of the origin. */
        public Signed(List<String> keyIds) {
            this(keyIds, ReleaseOrigin.UNCHECKED);
        }

        @Override
        public Verification with(ReleaseOrigin origin) {
            return new Signed(keyIds, origin);
        }

        @Override
        public String describe() {
            return "sha512 integrity, and the registry's signature (key " + String.join(", ", keyIds) + ")"
                    + origin.describe();
        }

        @Override
        public String signatures() {
            return "verified";
        }
    }

    /** The registry publishes no signing keys, so integrity is all there is to check. */
    record Unsigned(ReleaseOrigin origin) implements Verification {
        public Unsigned {
            Objects.requireNonNull(origin, "origin");
        }

        /** Nothing known of the origin. */
        public Unsigned() {
            this(ReleaseOrigin.UNCHECKED);
        }

        @Override
        public Verification with(ReleaseOrigin origin) {
            return new Unsigned(origin);
        }

        @Override
        public String describe() {
            return "sha512 integrity only: the registry publishes no signing keys, so no signature was checked"
                    + origin.describe();
        }

        @Override
        public String signatures() {
            return "none-published";
        }
    }

    /**
     * A release package given as a file ({@code upgrade --from}) whose sha512 matched the digest the operator gave
     * ({@code --integrity}); a file carries no registry signature to check.
     */
    record Digest(ReleaseOrigin origin) implements Verification {
        public Digest {
            Objects.requireNonNull(origin, "origin");
        }

        /** Nothing known of the origin. */
        public Digest() {
            this(ReleaseOrigin.UNCHECKED);
        }

        @Override
        public Verification with(ReleaseOrigin origin) {
            return new Digest(origin);
        }

        @Override
        public String describe() {
            return "sha512 integrity against the digest given with --integrity (a package file has no registry"
                    + " signature)"
                    + origin.describe();
        }

        @Override
        public String signatures() {
            return "not-applicable";
        }
    }

    /** A release package given as a file that the operator chose to install unverified ({@code --allow-unverified}). */
    record Unverified(ReleaseOrigin origin) implements Verification {
        public Unverified {
            Objects.requireNonNull(origin, "origin");
        }

        /** Nothing known of the origin. */
        public Unverified() {
            this(ReleaseOrigin.UNCHECKED);
        }

        @Override
        public Verification with(ReleaseOrigin origin) {
            return new Unverified(origin);
        }

        @Override
        public String describe() {
            return "nothing: installed unverified, as --allow-unverified asked";
        }

        @Override
        public String signatures() {
            return "unverified";
        }
    }
}
