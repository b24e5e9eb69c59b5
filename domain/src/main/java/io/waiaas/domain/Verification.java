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

    /** Return the state of the signatures, as scripts read it: {@code verified} or {@code none-published}. */
    String signatures();

    /** The registry publishes signing keys, and every signature of the release verified with one of them. */
    record Signed(List<String> keyIds) implements Verification {
        public Signed {
            keyIds = List.copyOf(Objects.requireNonNull(keyIds, "keyIds"));
            if (keyIds.isEmpty()) {
                throw new IllegalArgumentException("a signed release names at least one key");
            }
        }

        @Override
        public String describe() {
            return "sha512 integrity, and the registry's signature (key " + String.join(", ", keyIds) + ")";
        }

        @Override
        public String signatures() {
            return "verified";
        }
    }

    /** The registry publishes no signing keys, so integrity is all there is to check. */
    record Unsigned() implements Verification {
        @Override
        public String describe() {
            return "sha512 integrity only: the registry publishes no signing keys, so no signature was checked";
        }

        @Override
        public String signatures() {
            return "none-published";
        }
    }
}
