package io.waiaas.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The publisher's key list a release ships ({@code waiaas-keys.json}, TRST-B2): the Ed25519 keys its releases may be
 * signed with, each with an expiry and the endorsements other keys gave it, and the revocations of keys no longer to
 * be trusted. The list itself is one of the release's signed files; a key it introduces counts only when a key the
 * installed version already trusts endorsed it ({@link PublisherTrust}).
 *
 * @param keys the keys, ids unique
 * @param revocations the revocations, possibly none
 */
public record PublisherKeys(List<Key> keys, List<Revocation> revocations) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{1,4096}={0,2}");

    public PublisherKeys {
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        revocations = List.copyOf(Objects.requireNonNull(revocations, "revocations"));
        Set<String> ids = new HashSet<>();
        for (Key key : keys) {
            if (!ids.add(key.id())) {
                throw DomainException.invalid("the key list names key " + key.id() + " twice");
            }
        }
    }

    /** The empty key list: trusts nothing. */
    public static final PublisherKeys NONE = new PublisherKeys(List.of(), List.of());

    /** Return the key {@code id}, if the list holds it. */
    public Optional<Key> key(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /**
     * One signing key.
     *
     * @param id its name, such as {@code waiaas-release-2026}: letters, digits, {@code . _ -}
     * @param publicKey its Ed25519 public key, base64 of the X.509 SubjectPublicKeyInfo encoding
     * @param expires the instant from which it signs nothing that installs
     * @param endorsements the signatures other keys gave it over {@link #endorsedText()}
     */
    public record Key(String id, String publicKey, Instant expires, List<Endorsement> endorsements) {
        public Key {
            checkId(id, "key id");
            checkBase64(publicKey, "the public key of " + id);
            Objects.requireNonNull(expires, "expires");
            endorsements = List.copyOf(Objects.requireNonNull(endorsements, "endorsements"));
        }

        /** Return the bytes an endorsement of this key signs: its id, public key and expiry, one a line. */
        public byte[] endorsedText() {
            return Ascii.bytes("waiaas-key-endorsement/v1\n" + id + "\n" + publicKey + "\n" + expires + "\n");
        }

        /** Tell whether the key has expired at {@code now}. */
        public boolean expiredAt(Instant now) {
            return !now.isBefore(expires);
        }
    }

    /**
     * An endorsement: key {@code by} signed an endorsed key's {@link Key#endorsedText()}.
     *
     * @param by the endorsing key's id
     * @param signature the Ed25519 signature, base64
     */
    public record Endorsement(String by, String signature) {
        public Endorsement {
            checkId(by, "endorsing key id");
            checkBase64(signature, "the endorsement by " + by);
        }
    }

    /**
     * A revocation: key {@code id} signs nothing that installs from {@code revokedAt} on; signed by key {@code by}
     * over {@link #signedText()}.
     *
     * @param id the revoked key
     * @param revokedAt from when
     * @param by the revoking key's id (possibly the revoked key itself)
     * @param signature the Ed25519 signature, base64
     */
    public record Revocation(String id, Instant revokedAt, String by, String signature) {
        public Revocation {
            checkId(id, "revoked key id");
            Objects.requireNonNull(revokedAt, "revokedAt");
            checkId(by, "revoking key id");
            checkBase64(signature, "the revocation of " + id);
        }

        /** Return the bytes the revocation signs: the revoked key's id and the instant, one a line. */
        public byte[] signedText() {
            return Ascii.bytes("waiaas-key-revocation/v1\n" + id + "\n" + revokedAt + "\n");
        }
    }

    static void checkId(String id, String what) {
        Objects.requireNonNull(id, what);
        if (!ID.matcher(id).matches()) {
            throw DomainException.invalid(what + " " + quoted(id) + " is not a key id (letters, digits, . _ -)");
        }
    }

    static void checkBase64(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!BASE64.matcher(value).matches()) {
            throw DomainException.invalid(what + " is not base64");
        }
    }

    /** Quote {@code text} for a one-line message: control characters escaped, at most 80 characters. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(text.codePointCount(0, text.length()) > 80 ? "…\"" : "\"")
                .toString();
    }

    /** ASCII text as bytes, without java.nio: ids, base64 and ISO instants are ASCII by construction. */
    static final class Ascii {
        private Ascii() {}

        static byte[] bytes(String text) {
            byte[] bytes = new byte[text.length()];
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c > 0x7e) {
                    throw DomainException.invalid("not ASCII: " + quoted(text));
                }
                bytes[i] = (byte) c;
            }
            return bytes;
        }
    }
}
